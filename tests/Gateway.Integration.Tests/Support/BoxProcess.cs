using System.Diagnostics;

namespace Gateway.Integration.Tests.Support;

/// <summary>`gateway simulate ...` as its own process (the box), so a test can kill it like a power
/// cut and start it again on the same journal.</summary>
public sealed class BoxProcess : IDisposable
{
    readonly Process process;
    readonly List<string> stdout = new();
    readonly List<string> stderr = new();

    BoxProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Add(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Add(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    static void Add(List<string> lines, string? line)
    {
        if (line == null)
            return;
        lock (lines)
        {
            lines.Add(line);
            Monitor.PulseAll(lines);
        }
    }

    /// <summary>The CLI the test project was built with (copied beside the tests by the project reference).</summary>
    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    public static BoxProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(GatewayDll);
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new BoxProcess(Process.Start(psi)!);
    }

    public string[] Stdout
    {
        get
        {
            lock (stdout)
                return stdout.ToArray();
        }
    }

    public string Stderr
    {
        get
        {
            lock (stderr)
                return string.Join("\n", stderr);
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Waits until the box has printed at least <paramref name="count"/> lines on stdout.</summary>
    public void WaitForStdoutLines(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (stdout)
        {
            while (stdout.Count < count)
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || process.HasExited)
                    throw new TimeoutException($"box printed {stdout.Count} of {count} records within {timeout.TotalSeconds:0} s (exited: {process.HasExited}); stderr:\n{Stderr}");
                Monitor.Wait(stdout, left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>Waits until the box's stderr says what <paramref name="said"/> looks for.</summary>
    public void WaitForStderr(Func<string, bool> said, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!said(Stderr))
        {
            if (clock.Elapsed > timeout || process.HasExited)
                throw new TimeoutException($"the box did not say it within {timeout.TotalSeconds:0} s (exited: {process.HasExited}); stderr:\n{Stderr}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
            throw new TimeoutException($"box still running after {timeout.TotalSeconds:0} s; stderr:\n{Stderr}");
        process.WaitForExit(); // drain the output readers
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no clean disconnect, no flush, like pulling the plug.</summary>
    public void Kill()
    {
        if (!process.HasExited)
            process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
