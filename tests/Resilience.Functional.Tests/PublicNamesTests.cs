using System.Reflection;
using System.Runtime.CompilerServices;

namespace Resilience.Functional.Tests;

/// <summary>
/// (docs/architecture.md) No public name of ours may collide with what a LanguageExt user already has in scope
/// (<c>using LanguageExt; using LanguageExt.Common; using static LanguageExt.Prelude;</c>), or every such user gets
/// CS0104/CS0121 the moment they open our namespace.
/// </summary>
public class PublicNamesTests
{
    private static readonly Assembly Ours = typeof(Op).Assembly;
    private static readonly Assembly Theirs = typeof(Either<,>).Assembly;

    private static string Simple(Type type) => type.Name.Split('`')[0];

    [Fact]
    public void No_public_type_shares_a_name_with_a_LanguageExt_type_a_user_has_in_scope()
    {
        var theirs = Theirs.GetExportedTypes()
            .Where(t => t.Namespace is "LanguageExt" or "LanguageExt.Common")
            .Select(Simple)
            .ToHashSet();
        var prelude = typeof(Prelude).GetMembers(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();

        var clashes = Ours.GetExportedTypes()
            .Where(t => t.DeclaringType is null)
            .Select(Simple)
            .Where(name => theirs.Contains(name) || prelude.Contains(name))
            .Distinct()
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public void No_extension_on_Func_shares_a_name_with_LanguageExts_extensions_on_Func()
    {
        static IEnumerable<MethodInfo> FuncExtensions(Assembly assembly) =>
            assembly.GetExportedTypes()
                .Where(t => t is { IsAbstract: true, IsSealed: true })
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Where(m => m.IsDefined(typeof(ExtensionAttribute)) && m.GetParameters()[0].ParameterType.Name.StartsWith("Func`", StringComparison.Ordinal));

        var theirs = FuncExtensions(Theirs).Select(m => m.Name).ToHashSet();
        var ours = FuncExtensions(Ours).Select(m => m.Name).Distinct().ToList();

        Assert.NotEmpty(ours);
        var clashes = ours.Where(theirs.Contains).ToList();
        Assert.Empty(clashes);
    }
}
