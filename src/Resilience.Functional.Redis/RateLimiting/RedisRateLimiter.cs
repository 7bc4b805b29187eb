using System.Threading.RateLimiting;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;
using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// A token bucket per partition key (client, tenant) on Redis, shared by every instance of a service: one script per
/// call (GCRA on the server's clock, so the instances' clock skew does not matter), never admitting more than
/// <c>Burst + TokensPerPeriod × w / Period</c> calls in any window <c>w</c> across all instances, and refusing with
/// the exact retry-after. Use it with <c>WithRateLimiter(limiter, partitionKey)</c>, or as a
/// <see cref="RateLimiter"/> (<see cref="AsRateLimiter"/>, <see cref="AsPartitionedRateLimiter{TResource}"/>) for
/// ASP.NET Core's rate-limiting middleware and the System.Threading.RateLimiting adapter.
/// </summary>
/// <remarks>
/// While Redis cannot be reached it does what <see cref="RedisRateLimiterOptions.OnUnavailable"/> says (by default it
/// admits through a local bucket per partition) and reports the outage in <see cref="Availability"/>; it reconnects by
/// itself. Times are counted in whole microseconds, the interval between tokens rounded up, which can only admit less.
/// </remarks>
public sealed class RedisRateLimiter : IPartitionedRateLimiter
{
    // Keeps the script's arithmetic exact in Lua numbers (doubles): now (~2^51 µs) plus a full bucket stays below 2^53.
    private const long MaxCapacityMicros = 1L << 50;

    private static readonly Either<Error, Unit> Permitted = Either<Error, Unit>.Right(Unit.Default);
    private static readonly Error RefusedWithoutHint = new RateLimitedError(Option<TimeSpan>.None);

    private readonly IDatabase database;
    private readonly LocalBuckets local;
    private readonly RedisValue interval;
    private readonly RedisValue burst;

    /// <summary>A limiter on <paramref name="connection"/> with <paramref name="options"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <param name="options">Rate, burst, prefix and outage mode.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A full bucket would take more than 2^50 microseconds (about 35 years) to fill.</exception>
    public RedisRateLimiter(IConnectionMultiplexer connection, RedisRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = OptionGuards.NotNull(options, nameof(options));
        var bucket = options.Bucket;
        var micros = Math.Max(1, (long)(((Int128)bucket.Period.Ticks + (10L * bucket.TokensPerPeriod) - 1) / (10L * bucket.TokensPerPeriod)));
        if ((Int128)micros * bucket.Burst > MaxCapacityMicros)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                bucket.Burst,
                $"Bucket.Burst must be at most {MaxCapacityMicros / micros} for this Period and TokensPerPeriod (a full bucket must fill within 2^50 microseconds).");
        }

        IntervalMicros = micros;
        interval = micros;
        burst = bucket.Burst;
        database = connection.GetDatabase(options.Database);
        local = new LocalBuckets(bucket);
        Availability = new RedisAvailability(bucket.Name, bucket.TimeProvider);
    }

    /// <summary>The settings.</summary>
    public RedisRateLimiterOptions Options { get; }

    /// <summary>The name of the limiter's telemetry and health check: <see cref="RedisRateLimiterOptions.Bucket"/>'s name.</summary>
    public string Name => Options.Bucket.Name;

    /// <summary>Whether the last call reached Redis; its health check and telemetry.</summary>
    public RedisAvailability Availability { get; }

    /// <summary>The time between two tokens on the server, in whole microseconds (rounded up).</summary>
    public long IntervalMicros { get; }

    /// <inheritdoc />
    public async ValueTask<Either<Error, Unit>> AcquireAsync(string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var decision = await DecideAsync(partitionKey, 1).ConfigureAwait(false);
        return decision.Admitted ? Permitted
            : decision.RetryAfter is { } after ? Either<Error, Unit>.Left(new RateLimitedError(after))
            : Either<Error, Unit>.Left(RefusedWithoutHint);
    }

    /// <summary>One partition as a <see cref="RateLimiter"/>: never queues; a refused lease carries the retry-after.</summary>
    /// <param name="partitionKey">The partition whose limit applies.</param>
    /// <exception cref="ArgumentNullException"><paramref name="partitionKey"/> is null.</exception>
    public RateLimiter AsRateLimiter(string partitionKey) =>
        new RedisPartitionRateLimiter(this, partitionKey ?? throw new ArgumentNullException(nameof(partitionKey)));

    /// <summary>
    /// A <see cref="PartitionedRateLimiter{TResource}"/> (e.g. for <c>HttpContext</c>, as ASP.NET Core's
    /// <c>GlobalLimiter</c>) whose partition key <paramref name="partitionKey"/> picks for each resource.
    /// </summary>
    /// <typeparam name="TResource">The resource type.</typeparam>
    /// <param name="partitionKey">The partition of a resource (client id, tenant).</param>
    /// <exception cref="ArgumentNullException"><paramref name="partitionKey"/> is null.</exception>
    public PartitionedRateLimiter<TResource> AsPartitionedRateLimiter<TResource>(Func<TResource, string> partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return PartitionedRateLimiter.Create<TResource, string>(
            resource => RateLimitPartition.Get(partitionKey(resource), AsRateLimiter),
            StringComparer.Ordinal);
    }

    internal async ValueTask<RateDecision> DecideAsync(string partition, int cost)
    {
        try
        {
            var answer = await database.ScriptEvaluateAsync(RateLimitScript.Gcra, [Key(partition)], [interval, burst, cost]).ConfigureAwait(false);
            Availability.Succeeded();
            return Read(answer);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            return Unavailable(partition, cost);
        }
    }

    internal RateDecision Decide(string partition, int cost)
    {
        try
        {
            var answer = database.ScriptEvaluate(RateLimitScript.Gcra, [Key(partition)], [interval, burst, cost]);
            Availability.Succeeded();
            return Read(answer);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            return Unavailable(partition, cost);
        }
    }

    private RedisKey Key(string partition) => Options.KeyPrefix + partition;

    private static RateDecision Read(RedisResult answer)
    {
        var parts = (RedisResult[])answer!;
        var at = Number(parts[2]);
        return (long)parts[0] == 1
            ? new RateDecision(true, null, at)
            : new RateDecision(false, TimeSpan.FromTicks(Number(parts[1]) * 10), at);
    }

    private static long Number(RedisResult text) => long.Parse(text.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private RateDecision Unavailable(string partition, int cost) =>
        Options.OnUnavailable == RedisOutageMode.FailOpen ? local.TryAcquire(partition, cost) : new RateDecision(false, null);
}
