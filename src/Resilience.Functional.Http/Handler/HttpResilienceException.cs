using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// What <see cref="ResilienceHandler"/> throws when the pipeline itself ended the call — its own timeout, an open
/// circuit, the rate limit, a spent retry budget, a full endpoint table — so a caller tells these apart from its own
/// cancellation and <c>HttpClient.Timeout</c> (both an <see cref="OperationCanceledException"/>). An
/// <see cref="HttpRequestException"/>, so code that catches those already catches it.
/// </summary>
public sealed class HttpResilienceException : HttpRequestException
{
    /// <summary>An exception carrying the pipeline's <paramref name="error"/>.</summary>
    /// <param name="error">The error; its message is this exception's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public HttpResilienceException(Error error)
        : base(OptionGuards.NotNull(error, nameof(error)).Message) => Error = error;

    /// <summary>The pipeline's error, to pattern-match (<see cref="TimeoutError"/>, <see cref="CircuitOpenError"/>, …).</summary>
    public Error Error { get; }
}
