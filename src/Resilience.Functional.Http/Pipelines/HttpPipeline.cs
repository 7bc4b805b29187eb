using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// What <see cref="ResilienceHandler"/> runs around each request: a policy per endpoint (with that endpoint's
/// breaker), the shared state of every endpoint, and the rules of replay. Build one per named client, once; it
/// outlives the handlers <c>IHttpClientFactory</c> recycles (docs/http.md#the-standard-pipeline).
/// </summary>
public sealed class HttpPipeline
{
    private readonly Func<HttpRequestMessage, string> endpointKey;
    private readonly Func<string> describe;
    private LastAuthority? lastAuthority;

    private HttpPipeline(string name, HttpPipelineOptions options, Func<string, HttpEndpoint> create, TimeProvider clock, Func<string> describe)
    {
        Name = name;
        endpointKey = options.EndpointKey;
        MaxBufferedContentBytes = options.MaxBufferedContentBytes;
        Clock = clock;
        this.describe = describe;
        Endpoints = new Partitions<string, HttpEndpoint>(options.Endpoints, create, static e => e.CanEvict, StringComparer.Ordinal);
        Recorder = new TelemetryRecorder(HttpTelemetry.AttemptName, name, clock, ofPipeline: true);
    }

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>The endpoints seen so far, each with its breaker; bounded, idle ones evicted.</summary>
    public Partitions<string, HttpEndpoint> Endpoints { get; }

    /// <summary>The largest request body buffered for another attempt, in bytes.</summary>
    public int MaxBufferedContentBytes { get; }

    internal TimeProvider Clock { get; }

    internal TelemetryRecorder Recorder { get; }

    /// <summary>The default endpoint key: the request's <c>scheme://host:port</c>, lower case.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static string Authority(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RequestUri is { IsAbsoluteUri: true } uri
            ? string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}")
            : "relative";
    }

    /// <summary>The standard HTTP pipeline with its defaults; see <see cref="Standard(HttpStandardOptions)"/>.</summary>
    public static HttpPipeline Standard() => Standard(new HttpStandardOptions());

    /// <summary>
    /// Concurrency limit → (rate limit) → total timeout → retry → circuit breaker (one per endpoint) → attempt timeout:
    /// the core's <see cref="Policy.Standard(StandardPipelineOptions)"/> with <c>Retry-After</c> honoured, 408/429/5xx
    /// and network faults retried, unsafe methods sent once, and the limits and the retry budget shared by every endpoint.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A part is invalid, or the attempt timeout exceeds the total timeout.</exception>
    public static HttpPipeline Standard(HttpStandardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layers = options.Pipeline;
        var clock = layers.TimeProvider;
        var shared = new List<Policy>(2);
        if (options.Concurrency is { } concurrency)
        {
            shared.Add(Policy.Bulkhead(new Bulkhead(clock is null ? concurrency : concurrency with { TimeProvider = clock })));
        }

        if (layers.RateLimit is { } rate)
        {
            shared.Add(Policy.RateLimiter(new TokenBucket(clock is null ? rate : rate with { TimeProvider = clock })).Named("rate-limiter"));
        }

        var retry = clock is null ? layers.Retry : layers.Retry with { TimeProvider = clock };
        if (retry.Budget is null && layers.RetryBudget is { } budget)
        {
            retry = retry with { Budget = new PercentRetryBudget(clock is null ? budget : budget with { TimeProvider = clock }) };
        }

        var perEndpoint = layers with { RateLimit = null, RetryBudget = null, Retry = retry };
        _ = Policy.Standard(perEndpoint); // validates the settings now, not at the first request
        HttpEndpoint Create(string key)
        {
            var breaker = layers.SharedCircuitBreaker ?? Breaker(layers.CircuitBreaker, clock);
            var full = Policy.Standard(perEndpoint with { SharedCircuitBreaker = breaker });
            var single = full.Layers.Where(static layer => layer is not RetryPolicy);
            return new HttpEndpoint(key, breaker, new PolicyPipeline(options.Name, [.. shared, full]), new PolicyPipeline(options.Name, [.. shared, .. single]));
        }

        return new HttpPipeline(options.Name, options, Create, clock ?? TimeProvider.System, () => Text(options, Create("{endpoint}").Policy));
    }

    /// <summary>The hedging HTTP pipeline with its defaults; see <see cref="Hedging(HttpHedgingOptions)"/>.</summary>
    public static HttpPipeline Hedging() => Hedging(new HttpHedgingOptions());

    /// <summary>
    /// Total timeout → hedging → circuit breaker (one per endpoint) → attempt timeout. Each hedge sends a fresh
    /// message with the buffered body; the first success wins and the losers are cancelled and disposed. Unsafe
    /// methods are sent once.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The attempt timeout exceeds the total timeout.</exception>
    public static HttpPipeline Hedging(HttpHedgingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = options.TimeProvider;
        var hedging = clock is null ? options.Hedging : options.Hedging with { TimeProvider = clock };
        var layers = new StandardPipelineOptions
        {
            RateLimit = null,
            RetryBudget = null,
            TotalTimeout = options.TotalTimeout,
            AttemptTimeout = options.AttemptTimeout,
            CircuitBreaker = options.CircuitBreaker,
            TimeProvider = clock,
        };
        _ = Policy.Standard(layers); // validates the settings now, not at the first request

        // The core's standard layers, with hedging where the retry was: one place decides clocks, names and bounds.
        HttpEndpoint Create(string key)
        {
            var breaker = Breaker(options.CircuitBreaker, clock);
            var standard = Policy.Standard(layers with { SharedCircuitBreaker = breaker }).Layers;
            return new HttpEndpoint(
                key,
                breaker,
                new PolicyPipeline(options.Name, standard.Select(layer => layer is RetryPolicy ? Policy.Hedging(hedging) : layer)),
                new PolicyPipeline(options.Name, standard.Where(static layer => layer is not RetryPolicy)));
        }

        return new HttpPipeline(options.Name, options, Create, clock ?? TimeProvider.System, () => Text(options, Create("{endpoint}").Policy));
    }

    /// <summary>
    /// Any policy around each request (one for every endpoint; a breaker in it is shared by all). A request that may
    /// be sent only once is refused a second attempt with <see cref="RequestNotReplayableError"/>.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static HttpPipeline From(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var options = new HttpStandardOptions { Name = policy.Name, EndpointKey = static _ => "all", Endpoints = new() { MaxPartitions = 1 } };
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { Name = "unused" });
        return new HttpPipeline(policy.Name, options, key => new HttpEndpoint(key, breaker, policy, policy), TimeProvider.System, () => $"{policy.Name}: any policy\n{policy.Describe()}");
    }

    /// <summary>A health check of every endpoint's breaker (<see cref="HealthCheck.ForCircuitBreakers{TKey, TValue}(string, Partitions{TKey, TValue}, Func{TValue, CircuitBreaker})"/>).</summary>
    /// <param name="name">The check name.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public HealthCheck HealthCheck(string name) => Resilience.Functional.HealthCheck.ForCircuitBreakers(name, Endpoints, static e => e.CircuitBreaker);

    /// <summary>The pipeline as text: the HTTP rules, then the layers each endpoint runs, outermost first.</summary>
    public string Describe() => describe();

    /// <summary>The same as <see cref="Describe"/>.</summary>
    public override string ToString() => Describe();

    /// <summary>The default of <see cref="HttpPipelineOptions.EndpointKey"/>: <see cref="Authority"/>.</summary>
    internal static readonly Func<HttpRequestMessage, string> DefaultEndpointKey = Authority;

    internal Either<Error, HttpEndpoint> EndpointFor(HttpRequestMessage request)
    {
        string key;
        try
        {
            key = ReferenceEquals(endpointKey, DefaultEndpointKey) ? CachedAuthority(request) : endpointKey(request);
        }
        catch (Exception ex)
        {
            return Kernel.FromException(ex, CancellationToken.None);
        }

        return Endpoints.Get(key ?? "null");
    }

    // A client mostly calls one host: the key of the last authority is reused instead of built again per request.
    private string CachedAuthority(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return Authority(request);
        }

        var last = Volatile.Read(ref lastAuthority);
        if (last is not null && last.Port == uri.Port && last.Host == uri.Host && last.Scheme == uri.Scheme)
        {
            return last.Key;
        }

        var key = Authority(request);
        Volatile.Write(ref lastAuthority, new LastAuthority(uri.Scheme, uri.Host, uri.Port, key));
        return key;
    }

    private static CircuitBreaker Breaker(CircuitBreakerOptions options, TimeProvider? clock) =>
        new(clock is null ? options : options with { TimeProvider = clock });

    private static string Text(HttpPipelineOptions options, Policy perEndpoint) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{options.Name}: one breaker per endpoint (at most {options.Endpoints.MaxPartitions}, idle after {Durations.Format(options.Endpoints.IdleTimeout)}); bodies buffered up to {options.MaxBufferedContentBytes} bytes; POST, PATCH and other unsafe methods sent once unless Idempotency-Key or AllowRetries()\n")
        + perEndpoint.Describe();

    private sealed record LastAuthority(string Scheme, string Host, int Port, string Key);
}
