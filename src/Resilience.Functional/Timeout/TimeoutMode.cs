namespace Resilience.Functional;

/// <summary>How a timeout treats an operation that is still running at its deadline.</summary>
public enum TimeoutMode
{
    /// <summary>
    /// The operation's token is cancelled at the deadline and the timeout waits for the operation to stop. An
    /// operation that ignores its token runs to its end; its result is then kept if it succeeded.
    /// </summary>
    Cooperative = 0,

    /// <summary>
    /// The token is cancelled at the deadline and the timeout returns at once, abandoning the operation if it ignores
    /// its token. The abandoned task keeps running; its fault, if any, is observed so it cannot surface as an
    /// unobserved task exception.
    /// </summary>
    Pessimistic = 1,
}
