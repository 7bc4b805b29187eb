using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

public class InMemoryIdempotencyStoreTests
{
    private static readonly IdempotencyRecord Done = new(null, true, [1]);
    private readonly FakeTimeProvider time = new();

    private async Task Complete(InMemoryIdempotencyStore store, string key, TimeSpan ttl)
    {
        var begin = await store.BeginAsync(key, null, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(IdempotencyBeginKind.Started, begin.Kind);
        await store.CompleteAsync(key, begin.Lease, Done, ttl, CancellationToken.None);
    }

    [Fact]
    public async Task The_size_bound_holds_and_the_entry_closest_to_expiry_goes_first()
    {
        var store = new InMemoryIdempotencyStore(3, time);
        for (var i = 0; i < 10; i++)
        {
            await Complete(store, $"k{i}", TimeSpan.FromMinutes(10 + i));
            Assert.True(store.Count <= 3);
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("k9", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("k8", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Expired_entries_are_evicted_before_live_ones()
    {
        var store = new InMemoryIdempotencyStore(3, time);
        await Complete(store, "long-1", TimeSpan.FromHours(2));
        await Complete(store, "short", TimeSpan.FromMinutes(1));
        await Complete(store, "long-2", TimeSpan.FromHours(3));
        time.Advance(TimeSpan.FromMinutes(5));

        await Complete(store, "new", TimeSpan.FromHours(1));

        Assert.Equal(3, store.Count);
        foreach (var key in new[] { "long-1", "long-2", "new" })
        {
            Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync(key, null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        }
    }

    [Fact]
    public async Task A_store_full_of_in_flight_keys_refuses_rather_than_evicting_one()
    {
        var store = new InMemoryIdempotencyStore(2, time);
        await store.BeginAsync("a", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.BeginAsync("b", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        var effect = 0;

        var outcome = await Op.FromFunc(_ => ++effect).WithIdempotency(new IdempotencyGuard(store), "c").Run(CancellationToken.None);

        Assert.True(outcome.IsLeft);
        Assert.Equal(0, effect);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("a", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Eviction_skips_in_flight_keys_even_when_they_expire_first()
    {
        var store = new InMemoryIdempotencyStore(2, time);
        await store.BeginAsync("running", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Complete(store, "done", TimeSpan.FromHours(1));

        await Complete(store, "new", TimeSpan.FromHours(1));

        Assert.Equal(2, store.Count);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("running", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("new", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task An_expired_lease_frees_the_key_and_the_stale_holder_cannot_complete_it()
    {
        var store = new InMemoryIdempotencyStore(10, time);
        var stale = await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        time.Advance(TimeSpan.FromMinutes(1));

        var fresh = await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.CompleteAsync("k", stale.Lease, Done, TimeSpan.FromHours(1), CancellationToken.None);
        await store.ReleaseAsync("k", stale.Lease, CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, fresh.Kind);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task A_stale_lease_cannot_renew_complete_or_release_the_new_holders_claim()
    {
        var store = new InMemoryIdempotencyStore(10, time);
        var stale = await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await store.RenewAsync("k", stale.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));
        var fresh = await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(IdempotencyBeginKind.Started, fresh.Kind);

        Assert.False(await store.RenewAsync("k", stale.Lease, TimeSpan.FromHours(5), CancellationToken.None));
        await store.CompleteAsync("k", stale.Lease, Done, TimeSpan.FromHours(1), CancellationToken.None);
        await store.ReleaseAsync("k", stale.Lease, CancellationToken.None);

        // The stale calls changed nothing: the fresh claim is in flight and runs out on its own schedule.
        time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(IdempotencyBeginKind.Started, (await store.BeginAsync("k", "f", TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Renewing_extends_the_holders_claim_from_now_and_ends_with_completion()
    {
        var store = new InMemoryIdempotencyStore(10, time);
        var begin = await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(50));

        Assert.True(await store.RenewAsync("k", begin.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        Assert.False(await store.RenewAsync("k", Guid.NewGuid(), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await store.RenewAsync("other", begin.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));

        await store.CompleteAsync("k", begin.Lease, Done, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.False(await store.RenewAsync("k", begin.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);

        var released = await store.BeginAsync("r", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.ReleaseAsync("r", released.Lease, CancellationToken.None);
        Assert.False(await store.RenewAsync("r", released.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_begins_never_exceed_the_bound()
    {
        var store = new InMemoryIdempotencyStore(50, time);
        var started = 0;
        var start = new TaskCompletionSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 200; i++)
            {
                var key = $"k{i}";
                var begin = await store.BeginAsync(key, null, TimeSpan.FromMinutes(1), CancellationToken.None);
                if (begin.Kind == IdempotencyBeginKind.Started)
                {
                    Interlocked.Increment(ref started);
                    await store.CompleteAsync(key, begin.Lease, Done, TimeSpan.FromHours(1), CancellationToken.None);
                }

                Assert.True(store.Count <= 50);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(store.Count <= 50);
        Assert.InRange(started, 200, 8 * 200);
    }

    [Fact]
    public void The_json_serializer_round_trips_values_and_errors()
    {
        var serializer = JsonIdempotencySerializer.Default;
        var value = new IdempotencyTests.Receipt(3, "pen");
        Assert.Equal(value, serializer.DeserializeValue<IdempotencyTests.Receipt>(serializer.SerializeValue(value)));
        var error = serializer.DeserializeError(serializer.SerializeError(new HttpStatusError(404)));
        Assert.Equal(new HttpStatusError(404).Code, error.Code);
        Assert.Equal(new HttpStatusError(404).Message, error.Message);
    }
    [Fact]
    public async Task A_store_of_one_key_holds_one_key()
    {
        var store = new InMemoryIdempotencyStore(1, time);

        await Complete(store, "a", TimeSpan.FromHours(1));
        await Complete(store, "b", TimeSpan.FromHours(1));

        Assert.Equal(1, store.MaxEntries);
        Assert.Equal(1, store.Count);
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("b", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public void A_store_bound_below_one_is_refused_with_the_allowed_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryIdempotencyStore(0, time));

        Assert.Equal("maxEntries", error.ParamName);
        Assert.Contains("at least 1", error.Message);
    }

    [Fact]
    public async Task Completing_with_a_null_record_is_refused_and_leaves_the_claim_in_flight()
    {
        var store = new InMemoryIdempotencyStore(10, time);
        var begin = await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => store.CompleteAsync("k", begin.Lease, null!, TimeSpan.FromHours(1), CancellationToken.None).AsTask());
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("record", error.ParamName);
        Assert.Equal(IdempotencyBeginKind.Started, (await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task A_null_key_is_named_before_a_null_record_when_completing()
    {
        var store = new InMemoryIdempotencyStore(10, time);

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => store.CompleteAsync(null!, Guid.NewGuid(), null!, TimeSpan.FromHours(1), CancellationToken.None).AsTask());

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public async Task Reclaiming_an_expired_key_reuses_its_own_slot_and_evicts_nothing_else()
    {
        var store = new InMemoryIdempotencyStore(2, time);
        await store.BeginAsync("early", null, TimeSpan.FromSeconds(5), CancellationToken.None);
        await store.BeginAsync("k", null, TimeSpan.FromSeconds(10), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(IdempotencyBeginKind.Started, (await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);

        // "early" ran out too, but the store was not full once "k" left: it stays until something needs its slot.
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task A_lease_ends_at_its_expiry_instant_and_its_slot_can_be_taken()
    {
        var store = new InMemoryIdempotencyStore(1, time);
        await store.BeginAsync("a", null, TimeSpan.FromSeconds(10), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));

        var begin = await store.BeginAsync("b", null, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, begin.Kind);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task In_flight_keys_passed_over_by_an_eviction_are_still_evicted_once_their_lease_runs_out()
    {
        var store = new InMemoryIdempotencyStore(3, time);
        await store.BeginAsync("a", null, TimeSpan.FromSeconds(10), CancellationToken.None);
        await store.BeginAsync("b", null, TimeSpan.FromSeconds(20), CancellationToken.None);
        await Complete(store, "c", TimeSpan.FromHours(1));

        // Full: the eviction walks past the in-flight "a" and "b" and takes the completed "c".
        await store.BeginAsync("d", null, TimeSpan.FromHours(1), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));

        // Full again: "a" has run out and goes.
        var begin = await store.BeginAsync("e", null, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, begin.Kind);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("b", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task Evictions_still_find_completed_keys_after_many_renewals_of_a_running_one()
    {
        // Every renewal queues another expiry for the key; past a bound the queue is rebuilt from the live entries,
        // and the rebuilt queue must still hold every key so that a full store can evict a completed one.
        var store = new InMemoryIdempotencyStore(2, time);
        await Complete(store, "done", TimeSpan.FromHours(1));
        var running = await store.BeginAsync("running", null, TimeSpan.FromMinutes(1), CancellationToken.None);
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await store.RenewAsync("running", running.Lease, TimeSpan.FromMinutes(1), CancellationToken.None));
        }

        var begin = await store.BeginAsync("new", null, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, begin.Kind);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("running", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task An_outcome_kept_for_time_span_max_value_never_expires()
    {
        var store = new InMemoryIdempotencyStore(10, time);

        await Complete(store, "k", TimeSpan.MaxValue);
        time.Advance(TimeSpan.FromDays(365 * 100));

        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("k", null, TimeSpan.FromMinutes(1), CancellationToken.None)).Kind);
    }

    [Fact]
    public void The_json_serializer_refuses_a_null_error_and_reads_a_stored_error_without_a_message_as_empty()
    {
        var serializer = JsonIdempotencySerializer.Default;

        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => serializer.SerializeError(null!)).ParamName);
        var error = serializer.DeserializeError("{\"code\":400}"u8.ToArray());
        Assert.Equal(400, error.Code);
        Assert.Equal("", error.Message);
        Assert.Contains("stored error was null", Assert.Throws<System.Text.Json.JsonException>(() => serializer.DeserializeError("null"u8.ToArray())).Message);
    }
}
