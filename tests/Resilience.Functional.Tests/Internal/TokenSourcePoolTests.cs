namespace Resilience.Functional.Tests;

public class TokenSourcePoolTests
{
    [Fact]
    public void A_pool_keeps_sources_until_it_is_full_and_gives_each_kept_one_back_before_making_new_ones()
    {
        var made = 0;
        var pool = new TokenSourcePool<object>(() => new object[] { ++made });
        var kept = new List<object>();
        object? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var source = new object();
            if (pool.TryKeep(source))
            {
                kept.Add(source);
            }
            else
            {
                refused = source;
            }
        }

        var rented = kept.Select(_ => pool.Rent()).ToList();
        var fresh = pool.Rent();

        Assert.NotNull(refused);
        Assert.InRange(kept.Count, 4, 64);
        Assert.Equal(kept.ToHashSet(), rented.ToHashSet());
        Assert.DoesNotContain(refused, rented);
        Assert.Equal(1, made);
        Assert.Equal(1, ((object[])fresh)[0]);
    }

    [Fact]
    public void A_plain_source_given_back_is_rented_again_on_its_own_thread_only_and_a_cancelled_one_is_disposed()
    {
        // Threads of their own, whose spare slots are empty whatever other tests did on theirs.
        var (seenElsewhere, reused, cancelledDisposed) = OnNewThread(() =>
        {
            var first = TokenSourcePool.Rent();
            TokenSourcePool.Return(first);
            var elsewhere = OnNewThread(() =>
            {
                var rented = Enumerable.Range(0, 100).Select(_ => TokenSourcePool.Rent()).ToList();
                var seen = rented.Contains(first);
                rented.ForEach(s => s.Dispose());
                return seen;
            });
            var again = TokenSourcePool.Rent();

            again.Cancel();
            TokenSourcePool.Return(again);
            return (elsewhere, ReferenceEquals(first, again), IsDisposed(again));
        });

        Assert.False(seenElsewhere);
        Assert.True(reused);
        Assert.True(cancelledDisposed);
    }

    [Fact]
    public void Sources_given_back_beyond_the_pools_room_are_disposed()
    {
        var disposed = OnNewThread(() =>
        {
            var sources = Enumerable.Range(0, 200).Select(_ => new CancellationTokenSource()).ToList();
            foreach (var source in sources)
            {
                TokenSourcePool.Return(source);
            }

            return sources.Count(IsDisposed);
        });

        // One spare per thread and at most 64 in the shared pool: the rest cannot be kept.
        Assert.InRange(disposed, 200 - 1 - 64, 199);
    }

    private static bool IsDisposed(CancellationTokenSource source)
    {
        try
        {
            _ = source.Token;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private static T OnNewThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("The body failed.", failure);
    }
}
