using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using StakeholderHub.Data;

namespace StakeholderHub.Access;

/// <summary>ASP.NET Core Data Protection's key ring in the <c>data_protection_keys</c> table, which every node reads.</summary>
public sealed class DatabaseXmlRepository(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt)",
            new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }
}

/// <summary>
/// On a store that several nodes share (PostgreSQL): the key ring in the database (<see cref="DatabaseXmlRepository"/>)
/// instead of the data folder, and one application name, so every node reads the same keys and unprotects what
/// another one protected. On SQLite nothing changes: the keys stay in <c>data-protection-keys/</c> in the data folder.
/// Registered after <c>PersistKeysToFileSystem</c>, so on PostgreSQL it has the last word.
/// </summary>
public sealed class SharedKeyRing(Database database) : IConfigureOptions<KeyManagementOptions>, IConfigureOptions<DataProtectionOptions>
{
    public const string ApplicationName = "StakeholderHub";

    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<SharedKeyRing>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => sp.GetRequiredService<SharedKeyRing>());
        services.AddSingleton<IConfigureOptions<DataProtectionOptions>>(sp => sp.GetRequiredService<SharedKeyRing>());
    }

    public void Configure(KeyManagementOptions options)
    {
        if (database.Dialect.SharedByNodes)
        {
            options.XmlRepository = new DatabaseXmlRepository(database);
        }
    }

    public void Configure(DataProtectionOptions options)
    {
        if (database.Dialect.SharedByNodes)
        {
            options.ApplicationDiscriminator = ApplicationName;
        }
    }
}
