namespace Resilience.Functional.Tests;

/// <summary>
/// The limit rules of docs/concurrency-limit.md, step by step on exact numbers: how one sample moves the limit under
/// each algorithm.
/// </summary>
public class LimitEstimatorContractTests
{
    private const double Precision = 1e-9;

    private static LimitSample Success(long rttTicks, int inFlight) => new(TimeSpan.FromTicks(rttTicks), inFlight, false);

    // Gradient2's default settings: smoothing 0.2, tolerance 1.5, long window 600, queue 4.
    private static double Smooth(double limit, double gradient) => (limit * 0.8) + (((limit * gradient) + 4) * 0.2);

    private static double Gradient(double longRtt, double rtt) => Math.Clamp(1.5 * longRtt / rtt, 0.5, 1);

    [Fact]
    public void Aimd_grows_a_success_by_one_over_the_limit_only_while_at_least_half_the_limit_is_in_use()
    {
        var aimd = new AimdOptions().CreateEstimator();

        Assert.Equal(10.1, aimd.Next(10, Success(1000, 5)), Precision);
        Assert.Equal(10, aimd.Next(10, Success(1000, 4)), Precision);
        Assert.Equal(10, aimd.Next(10, Success(1000, 1)), Precision);
    }

    [Fact]
    public void Gradient2_moves_the_limit_only_while_at_least_half_of_it_is_in_use()
    {
        Assert.Equal(Smooth(20, 1), new Gradient2Options().CreateEstimator().Next(20, Success(100, 10)), Precision);
        Assert.Equal(20, new Gradient2Options().CreateEstimator().Next(20, Success(100, 9)), Precision);
        Assert.Equal(20, new Gradient2Options().CreateEstimator().Next(20, Success(100, 1)), Precision);
    }

    [Fact]
    public void Gradient2s_long_term_latency_is_a_plain_mean_over_the_first_ten_samples()
    {
        var gradient2 = new Gradient2Options().CreateEstimator();
        for (var i = 0; i < 9; i++)
        {
            gradient2.Next(20, Success(100, 20));
        }

        // Samples 1 and 2 alone already tell a mean from anything else.
        var two = new Gradient2Options().CreateEstimator();
        two.Next(20, Success(100, 20));
        Assert.Equal(Smooth(20, Gradient((100 + 500) / 2.0, 500)), two.Next(20, Success(500, 20)), Precision);

        // The tenth: (9 × 100 + 200) / 10 = 110.
        Assert.Equal(Smooth(20, Gradient(110, 200)), gradient2.Next(20, Success(200, 20)), Precision);
    }

    [Fact]
    public void After_ten_samples_gradient2s_long_term_latency_is_an_exponential_average_over_the_long_window()
    {
        var gradient2 = new Gradient2Options().CreateEstimator();
        for (var i = 0; i < 10; i++)
        {
            gradient2.Next(20, Success(100, 20));
        }

        var decay = 2.0 / (600 + 1);
        var eleventh = 100 + ((200 - 100) * decay);
        Assert.Equal(Smooth(20, Gradient(eleventh, 200)), gradient2.Next(20, Success(200, 20)), Precision);
        var twelfth = eleventh + ((300 - eleventh) * decay);
        Assert.Equal(Smooth(20, Gradient(twelfth, 300)), gradient2.Next(20, Success(300, 20)), Precision);
    }

    [Fact]
    public void Gradient2_pulls_a_long_term_latency_more_than_twice_the_latest_down_by_five_percent()
    {
        var gradient2 = new Gradient2Options().CreateEstimator();
        for (var i = 0; i < 10; i++)
        {
            gradient2.Next(20, Success(100, 20));
        }

        var decay = 2.0 / (600 + 1);
        var pulled = (100 + ((40 - 100) * decay)) * 0.95;
        Assert.Equal(Smooth(20, 1), gradient2.Next(20, Success(40, 20)), Precision);

        // The pulled-down average shows in the next gradient.
        var next = pulled + ((200 - pulled) * decay);
        Assert.Equal(Smooth(20, Gradient(next, 200)), gradient2.Next(20, Success(200, 20)), Precision);
    }
}
