using System.Text;
using Dapper;

namespace StakeholderHub.Tests.Privacy;

/// <summary>Everything the store holds, as text to search: on SQLite every byte of the data folder's files, on PostgreSQL every row of every table.</summary>
public static class StoredBytes
{
    /// <summary>Call with the hub stopped (<see cref="HubServer.Stop"/>), so that SQLite's WAL is in the database file.</summary>
    public static string Of(HubServer server)
    {
        if (!TestStore.Postgres)
        {
            // Latin-1 keeps every byte as one character, so an ASCII or UTF-8 text is found wherever it lies, free pages included.
            return string.Concat(Directory.GetFiles(server.DataPath, "*", SearchOption.AllDirectories)
                .Select(file => Encoding.Latin1.GetString(File.ReadAllBytes(file)) + "\n"));
        }

        using var connection = server.Db();
        var text = new StringBuilder();
        foreach (var table in server.Store.Tables())
        {
            text.AppendJoin('\n', connection.Query<string>($"SELECT t::text FROM \"{table}\" t")).Append('\n');
        }

        return text.ToString();
    }
}
