using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class RetryBudgetStressTests(ITestOutputHelper output)
{
    private const int Threads = 16;
    private static readonly Error Transient = Error.New(new IOException("transient"));

    private static RetryOptions Retrying(RetryBudget budget) =>
        new() { Backoff = Backoff.Immediate.MaxRetries(3), Budget = budget };

    // Rounds of a failing burst then a succeeding one. In a failing burst every attempt fails and is recorded before
    // its retry asks the budget, so the k-th failure recorded in the burst sees at most start - k tokens: a retry is
    // allowed only while start - k > max / 2, which bounds the burst's retries by the number of such k whatever the
    // interleaving. A succeeding burst must add exactly ratio per call, up to the cap.
    [Fact]
    public void Token_ratio_budget_allows_no_retry_beyond_its_tokens_and_its_balance_stays_in_range()
    {
        const double max = 10, ratio = 0.25;
        var budget = new TokenRatioRetryBudget(max, ratio);
        long retries = 0, failedCalls = 0, lowest = long.MaxValue, highest = long.MinValue;
        var sampling = 1;
        var clock = Stopwatch.StartNew();
        var sampler = new Thread(() =>
        {
            while (Volatile.Read(ref sampling) == 1)
            {
                var seen = (long)Math.Round(budget.Tokens * 1_000_000);
                (lowest, highest) = (Math.Min(lowest, seen), Math.Max(highest, seen));
                Thread.Yield();
            }
        });
        sampler.Start();
        var rounds = 0;
        for (; rounds < 40 && clock.Elapsed < TimeSpan.FromSeconds(8); rounds++)
        {
            var start = budget.Tokens;
            long roundRetries = 0;
            var failing = Op.Of<int>(_ => new(Transient)).WithRetry(Retrying(budget) with { OnRetry = _ => Interlocked.Increment(ref roundRetries) });
            Bounded.OnThreads(Threads, _ =>
            {
                for (var i = 0; i < 8; i++)
                {
                    Assert.True(failing(CancellationToken.None).Result.IsLeft);
                    Interlocked.Increment(ref failedCalls);
                }
            });

            var allowed = 0;
            for (var k = 1; start - k > max / 2; k++)
            {
                allowed++;
            }

            Assert.True(roundRetries <= allowed, $"round {rounds}: {roundRetries} retries from {start} tokens, at most {allowed} allowed");
            retries += roundRetries;
            Assert.Equal(0, budget.Tokens);

            var successes = 1 + (rounds % 5 * 12);
            var succeeding = Op.Succeed(1).WithRetry(Retrying(budget));
            var next = 0;
            Bounded.OnThreads(Threads, _ =>
            {
                while (Interlocked.Increment(ref next) <= successes)
                {
                    Assert.True(succeeding(CancellationToken.None).Result.IsRight);
                }
            });

            Assert.Equal(Math.Min(max, successes * ratio), budget.Tokens, 6);
        }

        Volatile.Write(ref sampling, 0);
        Assert.True(sampler.Join(TimeSpan.FromSeconds(5)));
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F0} ms, {Threads} threads, {rounds} rounds: {failedCalls} failing calls, {retries} retries allowed in all; balance seen in [{lowest / 1e6}, {highest / 1e6}], final {budget.Tokens}");
        Assert.True(retries > 0);
        Assert.InRange(lowest, 0, (long)(max * 1_000_000));
        Assert.InRange(highest, 0, (long)(max * 1_000_000));
    }

    // A retry spends one unit from the deposits of the last Ttl (each call deposits RetryRatio) or, when those are
    // spent, from the reserve (MinRetriesPerSecond · Ttl), and the reserve spent within any Ttl (ten slices) is at
    // most the reserve. So over a run spanning S slices the retries are at most
    // calls · RetryRatio + reserve · ceil(S / 10), and the balance is never below zero.
    [Fact]
    public void Percent_budget_allows_no_retry_beyond_deposits_and_reserve_and_its_balance_never_goes_negative()
    {
        var options = new PercentRetryBudgetOptions { Ttl = TimeSpan.FromSeconds(1), MinRetriesPerSecond = 20, RetryRatio = 0.1 };
        var began = Stopwatch.GetTimestamp();
        var budget = new PercentRetryBudget(options);
        long calls = 0, retries = 0, samples = 0;
        var lowest = double.MaxValue;
        var random = new Random(3);
        var failureChance = new double[Threads];
        for (var t = 0; t < Threads; t++)
        {
            failureChance[t] = random.NextDouble();
        }

        var clock = Stopwatch.StartNew();
        Bounded.OnThreads(Threads + 1, thread =>
        {
            if (thread == Threads)
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(1.6))
                {
                    var balance = budget.Balance;
                    Assert.True(balance >= 0, $"balance {balance}");
                    lowest = Math.Min(lowest, balance);
                    samples++;
                    Thread.Yield();
                }

                return;
            }

            var local = new Random(thread);
            var operation = Op.Of<int>(_ => new(local.NextDouble() < failureChance[thread] ? Transient : 1))
                .WithRetry(Retrying(budget) with { OnRetry = _ => Interlocked.Increment(ref retries) });
            for (var i = 0; i < 200_000 && clock.Elapsed < TimeSpan.FromSeconds(1.5); i++)
            {
                Interlocked.Increment(ref calls);
                _ = operation(CancellationToken.None).Result;
            }
        });

        var slices = (long)Math.Ceiling(Stopwatch.GetElapsedTime(began).Ticks / (double)(options.Ttl.Ticks / 10));
        // In millionths of a retry, as the budget counts, so that the comparison is exact.
        var bound = (calls * (long)Math.Round(options.RetryRatio * 1_000_000)) + ((long)Math.Round(budget.Reserve * 1_000_000) * ((slices + 9) / 10));
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F0} ms, {Threads} threads: {calls} calls, {retries} retries (bound {bound / 1e6:F1} = {calls} x {options.RetryRatio} + {budget.Reserve} x ceil({slices} / 10)); {samples} balance samples, lowest {lowest:F3}, final {budget.Balance:F3}");
        Assert.True(retries * 1_000_000 <= bound, $"{retries} retries above the bound {bound / 1e6}");
        Assert.True(retries > budget.Reserve, "the budget must have been drawn on");
        Assert.True(budget.IsExhausted || budget.Balance >= 1);
    }
}
