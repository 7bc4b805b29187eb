namespace Resilience.Functional.Simulator;

/// <summary>The outcome of parsing a command line: settings to run, a request for help, or an error message.</summary>
internal abstract record ParseResult
{
    /// <summary>Run with these settings.</summary>
    /// <param name="Settings">The settings.</param>
    public sealed record Run(SimulatorSettings Settings) : ParseResult;

    /// <summary>Print the usage and exit with 0.</summary>
    public sealed record Help : ParseResult;

    /// <summary>Print <paramref name="Message"/> on stderr and exit with 2.</summary>
    /// <param name="Message">What was wrong.</param>
    public sealed record Invalid(string Message) : ParseResult;
}
