using System.Reflection;

namespace Resilience.Functional.Stress.Tests;

/// <summary>Counts the callbacks registered on a <see cref="CancellationTokenSource"/> by walking its private
/// registration list; fails loudly if the runtime's layout is not the one expected, rather than counting nothing.
/// Exact only while nothing registers or unregisters (the walk does not take the source's internal lock).</summary>
internal static class Registrations
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance;

    public static int Count(CancellationTokenSource source)
    {
        var registrationsField = typeof(CancellationTokenSource).GetField("_registrations", Private);
        Assert.NotNull(registrationsField);
        var registrations = registrationsField.GetValue(source);
        if (registrations is null)
        {
            return 0;
        }

        var callbacksField = registrations.GetType().GetField("Callbacks", Private);
        Assert.NotNull(callbacksField);
        var count = 0;
        for (var node = callbacksField.GetValue(registrations); node is not null; node = node.GetType().GetField("Next", Private)!.GetValue(node))
        {
            count++;
        }

        return count;
    }
}
