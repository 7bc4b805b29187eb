using FsCheck;
using FsCheck.Fluent;

namespace Resilience.Functional.Tests.Options;

/// <summary>Generators of values inside and outside the ranges the options accept, edges included.</summary>
internal static class Ranges
{
    /// <summary>The longest delay a timer accepts (uint.MaxValue - 1 ms, about 49.7 days).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static Gen<object?> Boxed<T>(this Gen<T> gen) => gen.Select(v => (object?)v);

    public static Gen<int> Ints(int low, int high) =>
        Gen.Frequency((1, Gen.Elements(low, high)), (1, Gen.Choose(0, 100).Select(d => (int)Math.Min(high, (long)low + d))), (4, Gen.Choose(low, high)));

    public static Gen<int> IntsOutside(int low, int high) =>
        Gen.OneOf(
            new[] { low > int.MinValue ? Ints(int.MinValue, low - 1) : null, high < int.MaxValue ? Ints(high + 1, int.MaxValue) : null }
                .Where(g => g is not null)
                .Select(g => g!));

    public static Gen<long> Longs(long low, long high) =>
        Gen.Frequency(
            (1, Gen.Elements(low, high)),
            (1, Gen.Choose(0, 10_000).Select(d => low + Math.Min(d, high - low))),
            (1, Gen.Choose(0, 10_000).Select(d => high - Math.Min(d, high - low))),
            (4, from a in Gen.Choose(0, int.MaxValue)
                from b in Gen.Choose(0, int.MaxValue)
                let fraction = (((long)a << 31) | (uint)b) / (double)(1L << 62)
                select Math.Clamp(low + (long)(fraction * ((double)high - low)), low, high)));

    public static Gen<TimeSpan> Spans(TimeSpan low, TimeSpan high) => Longs(low.Ticks, high.Ticks).Select(TimeSpan.FromTicks);

    public static Gen<TimeSpan> SpansOutside(TimeSpan low, TimeSpan high) =>
        Gen.OneOf(
            new[] { low > TimeSpan.MinValue ? Spans(TimeSpan.MinValue, low - TimeSpan.FromTicks(1)) : null, high < TimeSpan.MaxValue ? Spans(high + TimeSpan.FromTicks(1), TimeSpan.MaxValue) : null }
                .Where(g => g is not null)
                .Select(g => g!));

    /// <summary>Doubles in [low, high], or (low, high] when <paramref name="lowOpen"/>.</summary>
    public static Gen<double> Doubles(double low, double high, bool lowOpen) =>
        Gen.Frequency(
                (1, Gen.Elements(high, lowOpen ? Math.BitIncrement(low) : low)),
                (4, Gen.Choose(0, int.MaxValue).Select(i => low + ((high - low) * (i / (double)int.MaxValue)))),
                (1, Gen.Choose(1, 1000).Select(i => low + (Math.Pow(10, -i % 300) * (high - low)))))
            .Where(d => (lowOpen ? d > low : d >= low) && d <= high);

    /// <summary>NaN, the infinities, and finite doubles below (or at, when open) the low end and above the high end.</summary>
    public static Gen<double> DoublesOutside(double low, double high, bool lowOpen) =>
        Gen.OneOf(
            Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, Math.BitIncrement(high), lowOpen ? low : Math.BitDecrement(low)),
            Gen.Choose(1, int.MaxValue).Select(i => high + (i / 1000.0)),
            Gen.Choose(1, int.MaxValue).Select(i => low - (i / 1000.0)),
            Gen.Choose(1, 300).Select(i => high * (1 + Math.Pow(10, -i)) + Math.Pow(10, -i)),
            Gen.Choose(0, 300).Select(i => -Math.Pow(10, -i) + low - (lowOpen ? 0 : Math.Pow(10, -i)))
        ).Where(d => !(d <= high && (lowOpen ? d > low : d >= low)));

    public static Gen<object?> Defined<TEnum>()
        where TEnum : struct, Enum => Gen.Elements(Enum.GetValues<TEnum>()).Boxed();

    public static Gen<object?> Undefined<TEnum>()
        where TEnum : struct, Enum =>
        Gen.Frequency((1, Gen.Choose(-100, 100)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
            .Where(i => !Enum.IsDefined(typeof(TEnum), i))
            .Select(i => (object?)Enum.ToObject(typeof(TEnum), i));

    public static Gen<object?> NotNull(params object[] values) => Gen.Elements(values).Boxed();

    public static Gen<object?> Null { get; } = Gen.Constant((object?)null);
}
