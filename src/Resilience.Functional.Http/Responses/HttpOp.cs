using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary><c>Op.FromHttp</c>: operations that send an HTTP request (docs/http.md#responses-as-values).</summary>
public static class HttpOpExtensions
{
    extension(Op)
    {
        /// <summary>
        /// An operation from a send (<c>ct =&gt; client.GetAsync(url, ct)</c>): a 2xx response is the success value
        /// (the caller disposes it), any other status an <see cref="HttpStatusError"/> (the response disposed), an
        /// exception an <c>Exceptional</c> error the default classifier judges (<see cref="HttpRequestException"/>,
        /// socket errors, <c>HttpClient.Timeout</c>), and the caller's cancellation <see cref="CancelledError"/>.
        /// </summary>
        /// <param name="send">Sends the request.</param>
        /// <exception cref="ArgumentNullException"><paramref name="send"/> is null.</exception>
        public static Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> FromHttp(Func<CancellationToken, Task<HttpResponseMessage>> send) =>
            Op.FromTask(OptionGuards.NotNull(send, nameof(send))).Map(static response => HttpOutcome.FromResponse(response)).Flatten();
    }
}
