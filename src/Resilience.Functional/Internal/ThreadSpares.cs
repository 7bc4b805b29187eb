namespace Resilience.Functional;

/// <summary>
/// Two pooled token sources kept by each thread, each with the pool it belongs to, in front of the pools' shared
/// arrays: a call that rents and returns on one thread (every synchronous timeout, hedge or pipeline of two timeouts)
/// costs no interlocked operation. Not generic, so that the thread-static fields are read without a helper call.
/// </summary>
internal static class ThreadSpares
{
    [ThreadStatic]
    private static object? firstOwner;

    [ThreadStatic]
    private static object? first;

    [ThreadStatic]
    private static object? secondOwner;

    [ThreadStatic]
    private static object? second;

    /// <summary>This thread's spare of <paramref name="owner"/>, taken; null when it keeps none.</summary>
    public static object? Take(object owner)
    {
        if (ReferenceEquals(firstOwner, owner))
        {
            var item = first;
            (firstOwner, first) = (null, null);
            return item;
        }

        if (ReferenceEquals(secondOwner, owner))
        {
            var item = second;
            (secondOwner, second) = (null, null);
            return item;
        }

        return null;
    }

    /// <summary>Keeps <paramref name="item"/> of <paramref name="owner"/> on this thread; false when both places are taken.</summary>
    public static bool TryKeep(object owner, object item)
    {
        if (firstOwner is null)
        {
            (firstOwner, first) = (owner, item);
            return true;
        }

        if (secondOwner is null)
        {
            (secondOwner, second) = (owner, item);
            return true;
        }

        return false;
    }
}
