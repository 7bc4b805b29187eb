using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>Settings of an <see cref="IdempotencyGuard"/>; every property is validated when set.</summary>
public sealed record IdempotencyOptions
{
    private static readonly TimeSpan MinLease = TimeSpan.FromMilliseconds(1);

    // A renewal timer runs at a third of the lease and timers are limited to about 49 days.
    private static readonly TimeSpan MaxLease = TimeSpan.FromDays(30);

    /// <summary>
    /// The defaults: TTL 24 h, lease 1 min, conflict retry-after 1 s, JSON, default classifier, hold the key on an
    /// ambiguous failure, system clock.
    /// </summary>
    public static IdempotencyOptions Default { get; } = new();

    /// <summary>How long a stored outcome is replayed. Positive; default 24 hours (Stripe keeps keys at least that long).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan TimeToLive
    {
        get;
        init => field = Positive(value, nameof(TimeToLive));
    } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim on a key lasts without renewal: while the operation runs the lease is renewed every third of
    /// it (on <see cref="TimeProvider"/>), so this bounds how long a crashed process blocks the key, and how long
    /// <see cref="AmbiguousFailureMode.HoldKey"/> holds it after an ambiguous failure. From 1 millisecond to 30 days;
    /// default 1 minute.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1 millisecond or above 30 days.</exception>
    public TimeSpan LeaseDuration
    {
        get;
        init => field = value >= MinLease && value <= MaxLease
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LeaseDuration), value, "LeaseDuration must be from 1 millisecond to 30 days.");
    } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What happens to the key when the outcome is ambiguous (see <see cref="AmbiguousFailureMode"/> for exactly which
    /// failures are): <see cref="AmbiguousFailureMode.HoldKey"/> (the default, safe for payments) keeps it claimed until
    /// the lease runs out, so a duplicate gets an <see cref="IdempotencyConflictError"/>;
    /// <see cref="AmbiguousFailureMode.ReleaseKey"/> frees it so a duplicate runs the operation again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="AmbiguousFailureMode"/>.</exception>
    public AmbiguousFailureMode OnAmbiguousFailure
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OnAmbiguousFailure), value, "OnAmbiguousFailure must be HoldKey or ReleaseKey.");
    } = AmbiguousFailureMode.HoldKey;

    /// <summary>The clock the lease renewals run on. Default <see cref="System.TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;

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
    /// cancellation) are ambiguous, store nothing, and hold or free the key as <see cref="OnAmbiguousFailure"/> says.
    /// Default <see cref="ErrorClassifier.Default"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public ErrorClassifier Classifier
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Classifier));
    } = ErrorClassifier.Default;

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>idempotency</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = IdempotencyTelemetry.DefaultName;
}
