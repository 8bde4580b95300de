using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// A program a cluster test starts (a hub node, redis-server, nginx): its output is kept, with the time of each line,
/// to show when a test fails (or always with STAKEHOLDERHUB_TEST_LOG=1, when it is also echoed as it comes). Kill
/// is a SIGKILL of the process and its children, as <c>kill -9</c>.
/// </summary>
public sealed class ChildProcess
{
    private const int KeptLines = 4000;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Process _process;
    private readonly string? _registered;

    private ChildProcess(string name, Process process, string? registered)
    {
        Name = name;
        _process = process;
        _registered = registered;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line the program wrote to stdout or stderr, without the time.</summary>
    public IEnumerable<string> Lines => _lines.Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    public static ChildProcess Start(string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        ChildProcess? child = null;
        process.OutputDataReceived += (_, line) => child?.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child?.Keep(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {program}");
        }

        child = new ChildProcess(name, process, Cleanup.RegisterProcess(name, process.Id, Path.GetFileName(program)));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        var stamped = $"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}";
        _lines.Enqueue(stamped);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }

        if (Cleanup.Echo)
        {
            Console.Error.WriteLine($"[{Name}] {stamped}");
        }
    }

    /// <summary>SIGTERM to the process, as a service manager stops it; answers at once.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit by itself; answers whether it did within <paramref name="limit"/>.</summary>
    public async Task<bool> Exited(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            Cleanup.Unregister(_registered);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL to the process and its children, then waits for it to be gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Cleanup.Unregister(_registered);
    }

    /// <summary>The last <paramref name="count"/> lines, with their times, under a heading.</summary>
    public string Tail(int count)
    {
        var lines = _lines.ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"----- {Name} (pid {Id}{(HasExited ? $", exited {ExitCodeText()}" : "")}): last {Math.Min(count, lines.Length)} of {lines.Length} lines");
        foreach (var line in lines.Skip(Math.Max(0, lines.Length - count)))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private string ExitCodeText()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    /// <summary>A free TCP port on 127.0.0.1 (free now: the caller binds it soon after).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// What the cluster tests leave behind if the test host dies: with STAKEHOLDERHUB_CLEANUP set (tests/run.sh sets it)
/// each started process is listed as <c>&lt;name&gt;.pid</c> (its id, then a word of its command line) and each
/// folder as <c>&lt;name&gt;.dir</c>, removed again once stopped or deleted; run.sh's exit stops and removes what is
/// still listed. The test host's own exit kills what it still runs.
/// </summary>
public static class Cleanup
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_CLEANUP") is { Length: > 0 } folder ? folder : null;
    private static readonly ConcurrentDictionary<int, bool> Running = new();

    static Cleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var id in Running.Keys)
            {
                try
                {
                    using var process = Process.GetProcessById(id);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception)
                {
                    // Gone already.
                }
            }
        };
    }

    /// <summary>STAKEHOLDERHUB_TEST_LOG=1: the programs' output is echoed as it comes.</summary>
    public static bool Echo { get; } = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_TEST_LOG") is { Length: > 0 };

    public static string? RegisterProcess(string name, int id, string word)
    {
        Running[id] = true;
        return Write($"{name}-{id}.pid", $"{id}\n{word}\n", id);
    }

    public static string? RegisterFolder(string path) =>
        Write($"folder-{Guid.NewGuid():N}.dir", path + "\n", null);

    public static void Unregister(string? file)
    {
        if (file is null)
        {
            return;
        }

        if (file.EndsWith(".pid", StringComparison.Ordinal) && int.TryParse(Path.GetFileNameWithoutExtension(file).Split('-')[^1], out var id))
        {
            Running.TryRemove(id, out _);
        }

        if (Folder is not null)
        {
            File.Delete(file);
        }
    }

    private static string? Write(string name, string content, int? id)
    {
        if (Folder is null)
        {
            // Without the folder the key is still needed to forget the process at Unregister.
            return id is null ? null : name;
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
