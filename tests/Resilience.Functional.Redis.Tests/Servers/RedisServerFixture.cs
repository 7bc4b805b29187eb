using System.Diagnostics;
using System.Text;

namespace Resilience.Functional.Redis.Tests.Servers;

/// <summary>
/// A real <c>redis-server</c> (Debian package) as a child process on a free loopback port, without persistence.
/// <see cref="Kill"/> sends SIGKILL; <see cref="Restart"/> starts a new process on the same port.
/// </summary>
public sealed class RedisServerFixture : TestServer
{
    private readonly StringBuilder output = new();
    private Process process;

    public RedisServerFixture()
        : this(FreePort.Next())
    {
    }

    private RedisServerFixture(int port)
        : base(port) => process = Start();

    public override string Kind => "redis-server";

    /// <summary>SIGKILL: the process dies at once, without closing its connections cleanly.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("redis-server did not die within 10 s of SIGKILL.");
        }
    }

    public void Restart()
    {
        process.Dispose();
        process = Start();
    }

    public override void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private Process Start()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        using var ready = new ManualResetEventSlim();
        var started = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (is the redis-server package installed?).");
        started.OutputDataReceived += (_, e) => Append(e.Data, ready);
        started.ErrorDataReceived += (_, e) => Append(e.Data, ready);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        if (!ready.Wait(StartBound))
        {
            started.Kill();
            throw new TimeoutException($"redis-server on port {Port} was not ready within {StartBound}: {Output()}");
        }

        return started;
    }

    private void Append(string? line, ManualResetEventSlim ready)
    {
        lock (output)
        {
            output.AppendLine(line);
        }

        if (line?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
        {
            try
            {
                ready.Set();
            }
            catch (ObjectDisposedException)
            {
                // A line after start-up: nobody waits any more.
            }
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
