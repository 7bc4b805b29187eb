namespace Resilience.Functional.Stores;

/// <summary>What <see cref="IIdempotencyStore.BeginAsync"/> found for a key.</summary>
public enum IdempotencyBeginKind
{
    /// <summary>The key was free; the caller now holds it, renews it while it runs, and completes or releases it (or lets it run out).</summary>
    Started,

    /// <summary>Another call holds the key and has not finished.</summary>
    InFlight,

    /// <summary>A call with this key finished and its outcome is stored.</summary>
    Completed,
}
