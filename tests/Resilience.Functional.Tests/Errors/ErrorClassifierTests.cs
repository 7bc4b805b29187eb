using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Resilience.Functional.Tests;

public class ErrorClassifierTests
{
    private static readonly ErrorClassifier Classifier = ErrorClassifier.Default;

    public static TheoryData<int, bool> Statuses() => new()
    {
        { 400, false }, { 401, false }, { 403, false }, { 404, false }, { 408, true }, { 409, false }, { 422, false },
        { 429, true }, { 500, true }, { 502, true }, { 503, true }, { 504, true }, { 599, true }, { 200, false },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Http_statuses(int status, bool transient)
    {
        Assert.Equal(transient, ErrorClassifier.IsTransientHttpStatus(status));
        Assert.Equal(transient, Classifier.IsTransient(new HttpStatusError(status)));
        Assert.Equal(transient, Classifier.IsTransient(Error.New(new HttpRequestException("x", null, (HttpStatusCode)status))));
    }

    public static TheoryData<Exception, bool> Exceptions() => new()
    {
        { new HttpRequestException("no status"), true },
        { new IOException(), true },
        { new SocketException(), true },
        { new TimeoutException(), true },
        { new TaskCanceledException(), true },
        { new ArgumentException(), false },
        { new ArgumentNullException(), false },
        { new ArgumentOutOfRangeException(), false },
        { new ValidationException(), false },
        { new FormatException(), false },
        { new InvalidOperationException(), false },
        { new NotSupportedException(), false },
        { new AggregateException(new IOException(), new TimeoutException()), true },
        { new AggregateException(new IOException(), new ArgumentException()), false },
        { new ApplicationException("unknown"), true },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Exception_types(Exception exception, bool transient)
    {
        Assert.Equal(transient, ErrorClassifier.IsTransientException(exception));
        Assert.Equal(transient, Classifier.IsTransient(Error.New(exception)));
    }

    [Fact]
    public void Our_own_errors()
    {
        Assert.True(Classifier.IsTransient(new TimeoutError(TimeSpan.FromSeconds(1))));
        Assert.True(Classifier.IsTransient(new CircuitOpenError(TimeSpan.FromSeconds(1))));
        Assert.True(Classifier.IsTransient(new BulkheadFullError(1, 0)));
        Assert.True(Classifier.IsTransient(new RateLimitedError(None)));
        Assert.True(Classifier.IsTransient(Errors.TimedOut));
        Assert.False(Classifier.IsTransient(new RetriesExhaustedError(Seq1(Error.New("x")))));
        Assert.False(Classifier.IsTransient(new RetryBudgetExhaustedError(Error.New("x"))));
        Assert.False(Classifier.IsTransient(ValueRejectedError.Instance));
        Assert.False(Classifier.IsTransient(new HedgingExhaustedError(Seq1<Error>(new HttpStatusError(503)))));
        Assert.False(Classifier.IsTransient(Errors.Bottom));
        Assert.False(Classifier.IsTransient(Error.New("a domain error")));
    }

    [Fact]
    public void Cancellation_is_never_transient_whatever_the_predicate_says()
    {
        var everything = ErrorClassifier.Create(_ => true);
        Assert.False(everything.IsTransient(CancelledError.Instance));
        Assert.False(everything.IsTransient(Errors.Cancelled));
        Assert.True(everything.IsTransient(Error.New("x")));
    }

    [Fact]
    public void Classifiers_compose_and_a_throwing_predicate_means_permanent()
    {
        var withConflicts = Classifier.OrWhen(e => e is HttpStatusError { StatusCode: 409 });
        var withoutTimeouts = Classifier.Except(e => e is TimeoutError);
        var broken = ErrorClassifier.Create(_ => throw new InvalidOperationException());

        Assert.True(withConflicts.IsTransient(new HttpStatusError(409)));
        Assert.False(withoutTimeouts.IsTransient(new TimeoutError(TimeSpan.FromSeconds(1))));
        Assert.True(withoutTimeouts.IsTransient(new HttpStatusError(503)));
        Assert.False(broken.IsTransient(new HttpStatusError(503)));
    }

    [Fact]
    public void Aggregated_errors_are_transient_only_if_all_are()
    {
        Assert.True(Classifier.IsTransient(new HttpStatusError(503) + new TimeoutError(TimeSpan.FromSeconds(1))));
        Assert.False(Classifier.IsTransient(new HttpStatusError(503) + new HttpStatusError(400)));
    }

    [Fact]
    public void Composing_with_a_null_predicate_fails_at_once_naming_it()
    {
        Assert.Equal("isTransient", Assert.Throws<ArgumentNullException>(() => Classifier.OrWhen(null!)).ParamName);
        Assert.Equal("isPermanent", Assert.Throws<ArgumentNullException>(() => Classifier.Except(null!)).ParamName);
    }

    [Fact]
    public void An_exceptional_error_without_an_exception_is_permanent()
    {
        var error = new NoException();

        Assert.True(error.Exception.IsNone);
        Assert.False(Classifier.IsTransient(error));
    }

    private sealed record NoException() : Exceptional("broken invariant", 42)
    {
        public override bool IsExceptional => false;
    }
}
