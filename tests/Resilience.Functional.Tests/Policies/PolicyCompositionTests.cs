using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class PolicyCompositionTests
{
    [Fact]
    public void Pipelines_nest_associatively_and_the_empty_pipeline_is_the_identity()
    {
        var a = Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1) });
        var b = Policy.Retry(new RetryOptions());
        var c = Policy.Bulkhead(new Bulkhead(new()));

        var left = Policy.Pipeline(Policy.Pipeline(a, b), c);
        var right = Policy.Pipeline(a, Policy.Pipeline(b, c));

        Assert.Equal(left.Layers.ToArray(), right.Layers.ToArray());
        Assert.Equal([a, b, c], left.Layers.ToArray());
        Assert.Equal([a], Policy.Pipeline(Policy.Pipeline(), a, Policy.Pipeline()).Layers.ToArray());
        Assert.Equal(7, (int)Policy.Pipeline().Wrap(Op.Succeed(7)).RunSync());
        Assert.Equal("pipeline: pipeline of 0 layer(s), outermost first", Policy.Pipeline().Describe());
    }

    [Fact]
    public void A_named_pipeline_is_a_layer_of_its_own_in_the_description()
    {
        var inner = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(2) }),
            Policy.Bulkhead(new Bulkhead(new() { MaxConcurrency = 4, MaxQueueLength = 2 }))).Named("inner");
        var outer = Policy.Pipeline(Policy.Hedging(new HedgingOptions()), inner).Named("outer");

        Assert.Equal(
            """
            outer: pipeline of 2 layer(s), outermost first
              1. hedging: Hedging(up to 1 hedged attempt(s), delay 2s)
              2. inner: pipeline of 2 layer(s), outermost first
                   1. timeout: Timeout(2s, Cooperative)
                   2. bulkhead: Bulkhead(4 concurrent, queue 2, queue wait unbounded)
            """.ReplaceLineEndings("\n"),
            outer.ToString());
        Assert.Equal("outer", outer.Name);
    }

    [Fact]
    public void Every_factory_describes_its_settings()
    {
        var chaos = new ChaosController(new());
        Assert.Equal("rate-limiter: TokenBucket(5 per 2s, burst 7, wait up to 500ms)", Policy.RateLimiter(new TokenBucket(new() { TokensPerPeriod = 5, Period = TimeSpan.FromSeconds(2), Burst = 7 }), TimeSpan.FromMilliseconds(500)).Describe());
        Assert.Equal("chaos-fault: ChaosFault(rate 0.25, error bad request)", Policy.Chaos(chaos, new ChaosFault(0.25, Downstream.Permanent)).Describe());
        Assert.Equal("chaos-latency: ChaosLatency(rate 0.5, latency 3s)", Policy.Chaos(chaos, new ChaosLatency(0.5, TimeSpan.FromSeconds(3))).Describe());
        Assert.Equal("hedging: Hedging(up to 3 hedged attempt(s), delay on failure only)", Policy.Hedging(new() { MaxHedgedAttempts = 3, Delay = Timeout.InfiniteTimeSpan }).Describe());
        Assert.Equal(
            "retry: Retry(backoff Constant(1s).MaxRetries(2), budget TokenRatio(max 10, ratio 0.1), classifier custom)",
            Policy.Retry(new RetryOptions
            {
                Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(2),
                Budget = new TokenRatioRetryBudget(10, 0.1),
                Classifier = ErrorClassifier.Create(_ => true),
            }).Describe());
        Assert.Equal(
            "circuit-breaker: CircuitBreaker(opens on 5 consecutive failures or slow-call ratio 0.5 (≥ 2s) over last 20 calls, min 10 calls, break Exponential(1s, x2, max 00:01:00), 2 half-open probe(s), probe timeout 30s)",
            Policy.CircuitBreaker(new CircuitBreaker(new()
            {
                SlowCallRatio = 0.5,
                SlowCallDuration = TimeSpan.FromSeconds(2),
                Window = SlidingWindow.ByCount(20),
                BreakDuration = BreakDuration.Exponential(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1)),
                HalfOpenProbes = 2,
            })).Describe());
    }

    [Fact]
    public void Bad_arguments_fail_at_construction()
    {
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => Policy.Pipeline().Named(" ")).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentNullException>(() => Policy.Pipeline(Policy.Pipeline(), null!)).ParamName);
        Assert.Equal("maxWait", Assert.Throws<ArgumentOutOfRangeException>(() => Policy.RateLimiter(new TokenBucket(new()), TimeSpan.Zero)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Policy.Retry(null!)).ParamName);
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => Policy.Pipeline().Wrap<int>(null!)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithPolicy(null!)).ParamName);
    }

    [Fact]
    public void Missing_arguments_are_named_and_a_blank_name_is_explained()
    {
        Assert.Equal("layers", Assert.Throws<ArgumentNullException>(() => Policy.Pipeline(null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Policy.RateLimiter(new PartitionedTokenBucket<string>(new(), new()), null!)).ParamName);
        Assert.StartsWith("A policy name must be a non-empty text.", Assert.Throws<ArgumentException>(() => Policy.Pipeline().Named("")).Message);
    }

    [Fact]
    public void A_policy_applies_to_operations_of_different_types()
    {
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) });
        var calls = 0;

        var text = Op.Of<string>(_ => ++calls < 3 ? new(Left<Error, string>(Downstream.Transient)) : new(Right<Error, string>("ok"))).WithPolicy(policy);
        var number = Op.Succeed(3.5).WithPolicy(policy);

        Assert.Equal("ok", (string)text.RunSync());
        Assert.Equal(3.5, (double)number.RunSync());
        Assert.Equal(3, calls);
    }
}
