namespace Resilience.Functional;

/// <summary>Settings of an <see cref="IdempotencyPolicy"/>; every property is validated when set.</summary>
public sealed record IdempotencyOptions
{
    /// <summary>The defaults: TTL 24 h, lease 1 min, conflict retry-after 1 s, JSON, default classifier.</summary>
    public static IdempotencyOptions Default { get; } = new();

    /// <summary>How long a stored outcome is replayed. Positive; default 24 hours (Stripe keeps keys at least that long).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan TimeToLive
    {
        get;
        init => field = Positive(value, nameof(TimeToLive));
    } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays claimed by a call that neither completes nor releases it (a crashed process). Positive;
    /// default 1 minute. Set it above the operation's longest run: past it a duplicate runs the operation again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan LeaseDuration
    {
        get;
        init => field = Positive(value, nameof(LeaseDuration));
    } = TimeSpan.FromMinutes(1);

    /// <summary>The retry-after of an <see cref="IdempotencyConflictError"/>. Zero or more; default 1 second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public TimeSpan ConflictRetryAfter
    {
        get;
        init => field = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ConflictRetryAfter), value, "ConflictRetryAfter must be zero or more.");
    } = TimeSpan.FromSeconds(1);

    /// <summary>How values and errors are stored. Default <see cref="JsonIdempotencySerializer.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public IIdempotencySerializer Serializer
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Serializer));
    } = JsonIdempotencySerializer.Default;

    /// <summary>
    /// Which errors are stored: permanent ones are stored and replayed; transient ones (and always the caller's
    /// cancellation) release the key so that the client can try again. Default <see cref="ErrorClassifier.Default"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public ErrorClassifier Classifier
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Classifier));
    } = ErrorClassifier.Default;

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
}
