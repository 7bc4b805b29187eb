namespace Resilience.Functional.Testing;

/// <summary>What one simulated request experienced, as its caller saw it.</summary>
/// <param name="Id">The request's id, from 0 in order of arrival.</param>
/// <param name="Arrival">When it arrived.</param>
/// <param name="Completed">When the pipeline returned its outcome.</param>
/// <param name="Calls">How many downstream calls it caused (load amplification; 0 if it never reached the downstream).</param>
/// <param name="Result">The outcome the caller got.</param>
public sealed record RequestOutcome(long Id, TimeSpan Arrival, TimeSpan Completed, int Calls, Either<Error, SimulatedReply> Result)
{
    /// <summary>The latency the caller saw, including any wait for the caller's concurrency limit.</summary>
    public TimeSpan Latency => Completed - Arrival;

    /// <summary>Whether the caller got a reply.</summary>
    public bool Succeeded => Result.IsRight;

    /// <summary><see cref="ErrorReason.Ok"/> or the error's <see cref="ErrorReason"/>.</summary>
    public string Reason => ErrorReason.Of(Result);
}
