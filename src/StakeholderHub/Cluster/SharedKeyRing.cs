using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using StakeholderHub.Data;

namespace StakeholderHub.Cluster;

/// <summary>ASP.NET Core Data Protection's key ring in the <c>data_protection_keys</c> table, which every node reads.</summary>
public sealed class DatabaseXmlRepository(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return ClusterStore.KeyRing(connection).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        ClusterStore.AddToKeyRing(connection, friendlyName, element.ToString(SaveOptions.DisableFormatting), DateTimeOffset.UtcNow);
    }
}

/// <summary>
/// Several nodes: the key ring in the database (<see cref="DatabaseXmlRepository"/>) instead of the data folder, and
/// one application name, so every node reads the same keys and unprotects what another one protected.
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

    public void Configure(KeyManagementOptions options) => options.XmlRepository = new DatabaseXmlRepository(database);

    public void Configure(DataProtectionOptions options) => options.ApplicationDiscriminator = ApplicationName;
}
