namespace Resilience.Functional;

internal static partial class Kernel
{
    /// <summary>
    /// Runs a user's observer (on retry, on fallback, on a state change, …) by the one rule for every callback: it is
    /// called after the decision it reports, so nothing it does can change that decision or the outcome, and whatever
    /// it throws is swallowed here. Each target of a multicast delegate runs on its own, so one failing observer does
    /// not silence the others.
    /// </summary>
    /// <remarks>
    /// Swallowing, rather than turning the throw into the call's error, is deliberate: an observer is usually logging
    /// or metrics code, and a bug there must not fail (or, under a retry or a breaker, multiply) the calls it watches.
    /// </remarks>
    public static void Notify<TEvent>(Action<TEvent>? observer, TEvent observed)
    {
        foreach (var target in Delegate.EnumerateInvocationList(observer))
        {
            Contain(target, observed);
        }
    }

    /// <summary>The same rule for a .NET event: every handler runs, none can throw into the code raising the event.</summary>
    public static void Notify<TEvent>(EventHandler<TEvent>? handler, object? sender, TEvent observed)
    {
        foreach (var target in Delegate.EnumerateInvocationList(handler))
        {
            Contain(target, sender, observed);
        }
    }

    private static void Contain<TEvent>(Action<TEvent> observer, TEvent observed)
    {
        try
        {
            observer(observed);
        }
        catch (Exception)
        {
            // An observer cannot change the outcome it observes.
        }
    }

    private static void Contain<TEvent>(EventHandler<TEvent> handler, object? sender, TEvent observed)
    {
        try
        {
            handler(sender, observed);
        }
        catch (Exception)
        {
            // An observer cannot change the outcome it observes.
        }
    }
}
