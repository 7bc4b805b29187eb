namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Fallbacks as curried, operation-last functions over the core's WithFallback and last-known-good cache. The
/// caller's cancellation never falls back. The …Tagged forms say where the value came from (Served).
[<RequireQualifiedAccess>]
module Fallback =
    /// On any error but the caller's cancellation, succeeds with value.
    let toValue (value: 'T) (operation: Operation<'T>) : Operation<'T> = operation.WithFallback value

    /// On any error but the caller's cancellation, runs fallback instead.
    let toOperation (fallback: Operation<'T>) (operation: Operation<'T>) : Operation<'T> =
        operation.WithFallback(fallback = fallback)

    /// On any error but the caller's cancellation, runs the operation chosen from the error.
    let onError (choose: ResilienceError -> Operation<'T>) (operation: Operation<'T>) : Operation<'T> =
        operation.WithFallback(FallbackOptions<'T>(Func<_, _> choose))

    /// Falls back as the options say: only for the errors they select, to the operation they choose.
    let withOptions (options: FallbackOptions<'T>) (operation: Operation<'T>) : Operation<'T> =
        operation.WithFallback(options = options)

    /// As toOperation, tagging the value Primary or Fallback.
    let toOperationTagged (fallback: Operation<'T>) (operation: Operation<'T>) : Operation<Served<'T>> =
        operation.WithFallbackTagged(fallback = fallback)

    /// As withOptions, tagging the value Primary or Fallback.
    let withOptionsTagged (options: FallbackOptions<'T>) (operation: Operation<'T>) : Operation<Served<'T>> =
        operation.WithFallbackTagged(options = options)

    /// A cache of last known good values (validated now); share it between the operations that store into it.
    let lastKnownGoodCache<'Key, 'T> (options: LastKnownGoodOptions) : LastKnownGoodCache<'Key, 'T> =
        LastKnownGoodCache<'Key, 'T> options

    /// Stores each success under key, and on an error serves the stored value if it is fresh enough.
    let lastKnownGood (cache: LastKnownGoodCache<'Key, 'T>) (key: 'Key) (operation: Operation<'T>) : Operation<'T> =
        operation.WithLastKnownGood(cache, key)

    /// As lastKnownGood, tagging the value Primary or Stale (with its age).
    let lastKnownGoodTagged (cache: LastKnownGoodCache<'Key, 'T>) (key: 'Key) (operation: Operation<'T>) : Operation<Served<'T>> =
        operation.WithLastKnownGoodTagged(cache, key)

    /// A value from the primary operation.
    let servedPrimary (value: 'T) : Served<'T> = Served.Primary value

    /// A value from a fallback.
    let servedFallback (value: 'T) : Served<'T> = Served.Fallback value

    /// A stored value of the given age.
    let servedStale (age: TimeSpan) (value: 'T) : Served<'T> = Served.Stale(value, age)

    /// The value without its source tag.
    let untag (operation: Operation<Served<'T>>) : Operation<'T> = Op.map (fun (s: Served<'T>) -> s.Value) operation
