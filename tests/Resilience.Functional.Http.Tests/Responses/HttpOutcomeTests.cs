using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Http.Tests.Responses;

public class HttpOutcomeTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static (HttpResponseMessage Response, TrackedContent Content) Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var content = new TrackedContent();
        var response = new HttpResponseMessage(status) { Content = content };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return (response, content);
    }

    [Fact]
    public void A_success_is_the_response_itself_and_stays_open()
    {
        var (response, content) = Response(HttpStatusCode.OK);

        var outcome = HttpOutcome.FromResponse(response, Clock);

        Assert.Same(response, outcome.IfLeft(_ => null!));
        Assert.False(content.Disposed);
    }

    [Fact]
    public void A_503_with_delta_seconds_is_a_status_error_with_the_hint_and_the_response_is_disposed()
    {
        var (response, content) = Response(HttpStatusCode.ServiceUnavailable, ("Retry-After", "7"));

        var outcome = HttpOutcome.FromResponse(response, Clock);

        Assert.Equal(Left<Error, HttpResponseMessage>(new HttpStatusError(503, TimeSpan.FromSeconds(7))), outcome);
        Assert.True(content.Disposed);
        Assert.True(ErrorClassifier.Default.IsTransient((Error)outcome));
    }

    [Fact]
    public void An_http_date_is_read_against_the_clock_and_a_past_date_is_no_wait()
    {
        var (future, _) = Response(HttpStatusCode.TooManyRequests, ("Retry-After", Clock.GetUtcNow().AddSeconds(90).ToString("r")));
        var (past, _) = Response(HttpStatusCode.TooManyRequests, ("Retry-After", Clock.GetUtcNow().AddSeconds(-90).ToString("r")));

        Assert.Equal(Some(TimeSpan.FromSeconds(90)), HttpOutcome.RetryAfter(future, Clock));
        Assert.Equal(Some(TimeSpan.Zero), HttpOutcome.RetryAfter(past, Clock));
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)]
    [InlineData("x-ms-retry-after-ms", "250", 250)]
    public void Millisecond_headers_are_read_and_win_over_retry_after(string header, string value, int expectedMs)
    {
        var (response, _) = Response(HttpStatusCode.ServiceUnavailable, (header, value), ("Retry-After", "60"));

        Assert.Equal(Some(TimeSpan.FromMilliseconds(expectedMs)), HttpOutcome.RetryAfter(response, Clock));
    }

    [Theory]
    [InlineData("Retry-After", "soon")]
    [InlineData("Retry-After", "-5")]
    [InlineData("Retry-After", "1.5")]
    [InlineData("Retry-After", "99999999999999999999")]
    [InlineData("Retry-After", "Mon, 99 Foo 2026 00:00:00 GMT")]
    [InlineData("retry-after-ms", "-1")]
    [InlineData("x-ms-retry-after-ms", "ten")]
    public void A_malformed_or_negative_header_is_no_hint_and_never_throws(string header, string value)
    {
        var (response, _) = Response(HttpStatusCode.ServiceUnavailable, (header, value));

        var outcome = HttpOutcome.FromResponse(response, Clock);

        Assert.Equal(Left<Error, HttpResponseMessage>(new HttpStatusError(503)), outcome);
    }

    [Fact]
    public void A_permanent_status_is_an_error_the_default_classifier_does_not_retry()
    {
        var (response, content) = Response(HttpStatusCode.NotFound);

        var error = (Error)HttpOutcome.FromResponse(response);

        Assert.Equal(new HttpStatusError(404), error);
        Assert.False(ErrorClassifier.Default.IsTransient(error));
        Assert.True(content.Disposed);
    }

    private sealed class TrackedContent : HttpContent
    {
        public bool Disposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Task.CompletedTask;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
