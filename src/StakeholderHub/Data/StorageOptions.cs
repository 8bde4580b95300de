namespace StakeholderHub.Data;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder that holds the SQLite database and the server's keys; relative paths start at the working directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>The store: <c>sqlite</c> (the default: a file in the data folder) or <c>postgres</c> (see <see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string (Npgsql's syntax) when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How many queued changes the writer commits together in one transaction at the most.</summary>
    public int MaxBatch { get; set; } = 256;

    public string FullDataPath => Path.GetFullPath(DataPath);
}
