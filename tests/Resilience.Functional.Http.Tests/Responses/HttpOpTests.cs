using System.Net;
using System.Net.Sockets;

namespace Resilience.Functional.Http.Tests.Responses;

public class HttpOpTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task FromHttp_composes_in_linq_and_a_retry_around_it_absorbs_a_503()
    {
        var url = server.Script("/op/linq", TestServer.Status(503), TestServer.Ok("42"));
        using var client = new HttpClient { Timeout = Bounded.Limit };

        var answer =
            from response in Op.FromHttp(ct => client.GetAsync(url, ct))
            from text in Op.FromTask(ct => response.Content.ReadAsStringAsync(ct))
            select int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var outcome = await answer.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) }).Run(CancellationToken.None);

        Assert.Equal(Right<Error, int>(42), outcome);
        Assert.Equal(2, server.Attempts("/op/linq"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_refused_connection_is_an_exceptional_error_the_default_classifier_calls_transient()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nobody listens on that port any more
        using var client = new HttpClient { Timeout = Bounded.Limit };

        var outcome = await Op.FromHttp(ct => client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), ct)).Run(CancellationToken.None);

        var error = (Error)outcome;
        Assert.IsType<HttpRequestException>(error.Exception.IfNone(() => null!));
        Assert.True(ErrorClassifier.Default.IsTransient(error));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_callers_cancellation_is_cancelled_and_an_http_client_timeout_is_transient()
    {
        var url = server.Script("/op/hang", TestServer.Hang());
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var patient = new HttpClient { Timeout = Bounded.Limit };

        var timedOut = (Error)await Op.FromHttp(ct => client.GetAsync(url, ct)).Run(CancellationToken.None);
        var cancelled = (Error)await Op.FromHttp(ct => patient.GetAsync(url, ct)).Run(cts.Token);

        Assert.True(cancelled.IsCancellation());
        Assert.False(timedOut.IsCancellation());
        Assert.True(ErrorClassifier.Default.IsTransient(timedOut));
    }
}
