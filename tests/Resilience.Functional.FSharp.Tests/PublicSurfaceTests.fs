/// The F# package's public surface, pinned: the Roslyn public-API analyzer does not run on F#, so this snapshot plays
/// its part. A change to the surface fails here; review it, then copy the written `.actual.txt` over the snapshot.
module Resilience.Functional.FSharp.Tests.PublicSurfaceTests

open System
open System.IO
open System.Reflection
open Xunit

let private flags =
    BindingFlags.Public ||| BindingFlags.Instance ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly

let private surface () =
    Assembly.Load("Resilience.Functional.FSharp").GetExportedTypes()
    |> Array.sortBy (fun t -> t.FullName)
    |> Array.collect (fun t ->
        let members = t.GetMembers(flags) |> Array.map (fun m -> $"  {m.MemberType} {m}") |> Array.sort
        Array.append [| t.FullName |] members)
    |> String.concat "\n"

[<Fact>]
let ``The public surface is the reviewed snapshot`` () =
    let snapshot = Path.Combine(AppContext.BaseDirectory, "PublicSurface.FSharp.txt")
    let actual = surface () + "\n"
    let expected = File.ReadAllText(snapshot).Replace("\r\n", "\n")
    if actual <> expected then
        let written = Path.Combine(AppContext.BaseDirectory, "PublicSurface.FSharp.actual.txt")
        File.WriteAllText(written, actual)
        Assert.Fail($"The F# public surface changed; review {written} and copy it over tests/Resilience.Functional.FSharp.Tests/PublicSurface.FSharp.txt.")
