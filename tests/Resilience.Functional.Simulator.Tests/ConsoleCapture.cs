namespace Resilience.Functional.Simulator.Tests;

/// <summary>Runs code with the console's writers captured; tests that use it are in one collection, so never concurrently.</summary>
internal static class ConsoleCapture
{
    private static readonly object Gate = new();

    public static (int Code, string Stdout, string Stderr) Run(Func<int> main)
    {
        lock (Gate)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                return (main(), stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
