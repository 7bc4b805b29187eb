using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A thread keeps two timeout leases in front of their pools, each going back only to its own pool's callers.</summary>
public class LeaseSparesTests
{
    [Fact]
    public async Task A_thread_keeps_two_leases_and_hands_each_only_to_a_caller_of_its_own_pool()
    {
        // A thread of its own, so that no other test's leases sit in its spares.
        await Task.Factory.StartNew(
            () =>
            {
                var time = new FakeTimeProvider();
                TokenSourcePool<TimeoutLease>? outer = null, inner = null, third = null;
                outer = new(() => new TimeoutLease(time, TimeSpan.FromSeconds(1)) { Home = outer });
                inner = new(() => new TimeoutLease(time, TimeSpan.FromSeconds(1)) { Home = inner });
                third = new(() => new TimeoutLease(time, TimeSpan.FromSeconds(1)) { Home = third });
                var (a, b, c) = (LeaseSpares.Rent(outer), LeaseSpares.Rent(inner), LeaseSpares.Rent(third));
                foreach (var lease in new[] { a, b, c })
                {
                    lease.Arm(CancellationToken.None);
                }

                Assert.Equal(TimeoutLease.Armed, b.Release(inner, onThread: true));
                Assert.Equal(TimeoutLease.Armed, a.Release(outer, onThread: true));
                Assert.Equal(TimeoutLease.Armed, c.Release(third, onThread: true));

                // The first two stay on the thread (their pools are empty); the third went to its pool.
                Assert.Same(c, third.Rent());
                Assert.Same(a, LeaseSpares.Rent(outer));
                Assert.Same(b, LeaseSpares.Rent(inner));
                Assert.NotSame(a, LeaseSpares.Rent(outer));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    [Fact]
    public void A_lease_that_timed_out_is_not_kept()
    {
        var time = new FakeTimeProvider();
        TokenSourcePool<TimeoutLease>? pool = null;
        pool = new(() => new TimeoutLease(time, TimeSpan.FromSeconds(1)) { Home = pool });
        var lease = LeaseSpares.Rent(pool);
        lease.Arm(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(lease.Token.IsCancellationRequested);
        Assert.Equal(TimeoutLease.TimedOut, lease.Release(pool, onThread: true));
        Assert.NotSame(lease, LeaseSpares.Rent(pool));
    }
}
