namespace Resilience.Functional.Tests;

/// <summary>What an exhausted hedge tells its reader: how many attempts failed, and the first one's error.</summary>
public class HedgingExhaustedErrorTests
{
    [Fact]
    public void An_exhausted_hedge_names_the_attempt_count_and_the_first_error_in_its_message_and_as_its_inner_error()
    {
        var first = new HttpStatusError(503);
        var error = new HedgingExhaustedError(Seq<Error>(first, new HttpStatusError(502)));

        Assert.Equal($"All 2 hedged attempts failed; first error: {first.Message}", error.Message);
        Assert.Equal(ErrorCodes.HedgingExhausted, error.Code);
        Assert.Same(first, error.Inner.IfNone(() => throw new InvalidOperationException("no inner error")));
    }

    [Fact]
    public void An_exhausted_hedge_built_with_no_attempts_says_none_and_has_no_inner_error()
    {
        var error = new HedgingExhaustedError(Seq<Error>());

        Assert.Equal("All 0 hedged attempts failed; first error: none", error.Message);
        Assert.True(error.Inner.IsNone);
        Assert.Empty(error.Attempts);
    }
}
