namespace StakeholderHub.Data;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder that holds the database and the server's keys; relative paths start at the working directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>How many queued changes the writer commits together in one transaction at the most.</summary>
    public int MaxBatch { get; set; } = 256;

    public string FullDataPath => Path.GetFullPath(DataPath);
}
