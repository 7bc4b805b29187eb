using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// One execution in flight for one key of a <see cref="SingleFlight{TKey, T}"/>. Every field is read and written under
/// the group's lock, except the token source's token, which the operation holds.
/// </summary>
/// <typeparam name="T">The type of the success value.</typeparam>
internal sealed class SingleFlightCall<T>
{
    /// <summary>The callers still waiting for the outcome (the one that started it included).</summary>
    public int Callers;

    /// <summary>Whether the outcome is published; a call that is done ignores callers leaving.</summary>
    public bool Done;

    /// <summary>Whether every caller left before the outcome: its token is cancelled and it is no longer joinable.</summary>
    public bool Abandoned;

    /// <summary>The source of the execution's own token, cancelled only when every caller has left.</summary>
    public CancellationTokenSource? Source;

    /// <summary>When the execution started, as a timestamp of the group's clock.</summary>
    public long Started;

    /// <summary>The outcome for the callers that wait; created by the first caller that has to wait.</summary>
    public TaskCompletionSource<Either<Error, T>>? Shared;

    /// <summary>The shared outcome, created on first need (under the group's lock).</summary>
    /// <remarks>
    /// Its continuations run inline on the thread that publishes (outside the lock), as every continuation in the
    /// library does: so the callers resume at once, in virtual time too (a simulation's loop cannot follow a hop to
    /// the thread pool), each until its own next await (docs/single-flight.md#semantics).
    /// </remarks>
    public Task<Either<Error, T>> Outcome() => (Shared ??= new TaskCompletionSource<Either<Error, T>>()).Task;

    /// <summary>Makes a call that nobody else ever saw ready for another execution.</summary>
    public SingleFlightCall<T> Reset()
    {
        (Callers, Done, Abandoned, Source, Shared, Started) = (0, false, false, null, null, 0);
        return this;
    }
}
