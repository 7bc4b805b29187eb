module Resilience.Functional.FSharp.Tests.MonadLawTests

open System
open System.Threading
open System.Threading.Tasks
open FsCheck.Xunit
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

/// How a generated operation behaves: succeed, fail, throw, or succeed after a real asynchronous hop.
type OpSpec =
    | Succeeds of int
    | Fails of int
    | Throws of int
    | SucceedsLater of int

let build (spec: OpSpec) : Operation<int> =
    match spec with
    | Succeeds v -> Op.succeed v
    | Fails v -> Op.fail (LanguageExt.Common.Error.New(sprintf "failed %d" v))
    | Throws v -> Op.ofFunc (fun _ -> raise (InvalidOperationException(sprintf "threw %d" v)))
    | SucceedsLater v ->
        Op.ofTask (fun _ ->
            task {
                do! Task.Yield()
                return v
            })

// Awaited rather than blocked on, so that parallel test collections do not starve the thread pool.
let same (left: Operation<'T>) (right: Operation<'T>) : Task<bool> =
    task {
        let! l = Op.run CancellationToken.None left
        let! r = Op.run CancellationToken.None right
        return describe l = describe r
    }

[<Property(MaxTest = 1000)>]
let ``left identity: binding a returned value is applying the function`` (a: int) (f: int -> OpSpec) =
    same (resilient { let! x = resilient { return a } in return! build (f x) }) (build (f a))

[<Property(MaxTest = 1000)>]
let ``right identity: binding into return changes nothing`` (m: OpSpec) =
    same (resilient { let! x = build m in return x }) (build m)

[<Property(MaxTest = 1000)>]
let ``associativity: nesting of binds does not matter`` (m: OpSpec) (f: int -> OpSpec) (g: int -> OpSpec) =
    let leftNested = resilient {
        let! y = resilient { let! x = build m in return! build (f x) }
        return! build (g y) }
    let rightNested = resilient {
        let! x = build m
        return! resilient { let! y = build (f x) in return! build (g y) } }
    same leftNested rightNested

[<Property(MaxTest = 1000)>]
let ``and! agrees with sequential let! (left error first)`` (m: OpSpec) (n: OpSpec) =
    let together = resilient {
        let! a = build m
        and! b = build n
        return (a, b) }
    let inTurn = resilient {
        let! a = build m
        let! b = build n
        return (a, b) }
    same together inTurn
