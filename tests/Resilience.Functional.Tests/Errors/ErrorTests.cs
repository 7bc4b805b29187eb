namespace Resilience.Functional.Tests;

public class ErrorTests
{
    [Fact]
    public void Errors_are_pattern_matchable_expected_errors_with_stable_codes()
    {
        Error[] errors =
        [
            CancelledError.Instance, new TimeoutError(TimeSpan.FromSeconds(2)), new CircuitOpenError(TimeSpan.FromSeconds(3)),
            new BulkheadFullError(4, 2), new RateLimitedError(TimeSpan.FromSeconds(1)), new RetryBudgetExhaustedError(Error.New("x")),
            new RetriesExhaustedError(Seq(Error.New("a"), Error.New("b"))), ValueRejectedError.Instance, new HttpStatusError(503),
        ];
        int[] codes =
        [
            ErrorCodes.Cancelled, ErrorCodes.TimedOut, ErrorCodes.CircuitOpen, ErrorCodes.BulkheadFull, ErrorCodes.RateLimited,
            ErrorCodes.RetryBudgetExhausted, ErrorCodes.RetriesExhausted, ErrorCodes.ValueRejected, 503,
        ];

        Assert.All(errors, e => Assert.IsAssignableFrom<Expected>(e));
        Assert.Equal(codes, errors.Select(e => e.Code));
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.True(errors[0].Is(Errors.Cancelled));
        Assert.True(errors[1].Is(Errors.TimedOut));
    }

    [Fact]
    public void Retries_exhausted_keeps_every_attempt()
    {
        var error = new RetriesExhaustedError(Seq(Error.New("first"), Error.New("second"), Error.New("third")));
        Assert.Equal(new[] { "first", "second", "third" }, error.Attempts.Map(e => e.Message));
        Assert.Contains("3 attempts", error.Message);
        Assert.Equal("third", error.Inner.Map(e => e.Message).IfNone(""));
    }

    [Fact]
    public void Retries_exhausted_without_attempts_has_no_inner_error_and_says_so()
    {
        var error = new RetriesExhaustedError(Seq<Error>());

        Assert.True(error.Inner.IsNone);
        Assert.Contains("0 attempts; last error: none", error.Message);
    }

    [Fact]
    public void Retry_after_hints_are_read_the_same_way_everywhere()
    {
        Assert.Equal(Some(TimeSpan.FromSeconds(3)), new CircuitOpenError(TimeSpan.FromSeconds(3)).RetryAfterHint());
        Assert.Equal(Some(TimeSpan.FromSeconds(1)), new RateLimitedError(TimeSpan.FromSeconds(1)).RetryAfterHint());
        Assert.Equal(Some(TimeSpan.FromSeconds(9)), new HttpStatusError(429, TimeSpan.FromSeconds(9)).RetryAfterHint());
        Assert.Equal(Option<TimeSpan>.None, new RateLimitedError(None).RetryAfterHint());
        Assert.Equal(Option<TimeSpan>.None, Error.New("plain").RetryAfterHint());
        Assert.Equal(
            Some(TimeSpan.FromSeconds(5)),
            (new CircuitOpenError(TimeSpan.FromSeconds(2)) + new HttpStatusError(503, TimeSpan.FromSeconds(5))).RetryAfterHint());
    }

    [Fact]
    public void Bad_values_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>("statusCode", () => new HttpStatusError(99));
        Assert.Throws<ArgumentOutOfRangeException>("statusCode", () => new HttpStatusError(600));
        Assert.Throws<ArgumentOutOfRangeException>("RetryAfter", () => new HttpStatusError(429, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("RetryAfter", () => new RateLimitedError(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Aggregated_errors_give_the_longest_hint_whatever_their_order_and_skip_errors_without_one()
    {
        var five = new HttpStatusError(503, TimeSpan.FromSeconds(5));
        var two = new CircuitOpenError(TimeSpan.FromSeconds(2));

        Assert.Equal(Some(TimeSpan.FromSeconds(5)), (five + two).RetryAfterHint());
        Assert.Equal(Some(TimeSpan.FromSeconds(5)), (two + five).RetryAfterHint());
        Assert.Equal(Some(TimeSpan.FromSeconds(5)), (five + Error.New("plain")).RetryAfterHint());
        Assert.Equal(Some(TimeSpan.FromSeconds(2)), (Error.New("plain") + two).RetryAfterHint());
        Assert.Equal(Option<TimeSpan>.None, (Error.New("a") + Error.New("b")).RetryAfterHint());
    }

    [Fact]
    public void An_http_status_error_reads_as_its_status_and_accepts_the_whole_range_and_a_zero_hint()
    {
        Assert.Equal("HTTP 503", new HttpStatusError(503).Message);
        Assert.Equal(100, new HttpStatusError(100).Code);
        Assert.Equal(599, new HttpStatusError(599).Code);
        Assert.Equal(Some(TimeSpan.Zero), new HttpStatusError(429, TimeSpan.Zero).RetryAfterHint());
    }

    [Fact]
    public void Rejected_values_say_what_is_allowed()
    {
        Assert.StartsWith("An HTTP status code must be in [100, 599].", Assert.Throws<ArgumentOutOfRangeException>(() => new HttpStatusError(600)).Message);
        Assert.StartsWith(
            "A retry-after hint must be zero or positive.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new HttpStatusError(429, TimeSpan.FromSeconds(-1))).Message);
    }
}
