namespace Resilience.Functional.FSharp

open System
open Resilience.Functional
open Resilience.Functional.Stores

/// Idempotency keys as curried, operation-last functions over the core's IdempotencyGuard.
[<RequireQualifiedAccess>]
module Idempotency =
    /// An in-memory store holding at most maxEntries keys, on the system clock.
    let inMemoryStore (maxEntries: int) : InMemoryIdempotencyStore = new InMemoryIdempotencyStore(maxEntries)

    /// An in-memory store holding at most maxEntries keys, on the time provider.
    let inMemoryStoreWith (timeProvider: TimeProvider) (maxEntries: int) : InMemoryIdempotencyStore =
        new InMemoryIdempotencyStore(maxEntries, timeProvider)

    /// A policy over the store with the default options.
    let policy (store: IIdempotencyStore) : IdempotencyGuard = IdempotencyGuard(store)

    /// A policy over the store with the options.
    let policyWith (options: IdempotencyOptions) (store: IIdempotencyStore) : IdempotencyGuard =
        IdempotencyGuard(store, options)

    /// Runs the operation at most once per key (see the core's WithIdempotency): a later call replays the result.
    let guard (policy: IdempotencyGuard) (key: string) (operation: Operation<'T>) : Operation<Idempotent<'T>> =
        operation.WithIdempotency(policy, key)

    /// As guard, and fails when the same key comes with another request fingerprint.
    let guardRequest (policy: IdempotencyGuard) (key: string) (fingerprint: string) (operation: Operation<'T>) : Operation<Idempotent<'T>> =
        operation.WithIdempotency(policy, key, fingerprint)

    /// The value without the replay flag.
    let value (operation: Operation<Idempotent<'T>>) : Operation<'T> = Op.map (fun (i: Idempotent<'T>) -> i.Value) operation

    /// The error an invalid key gets, if any.
    let validateKey (key: string) : ResilienceError option =
        Interop.optionOf (IdempotencyGuard.ValidateKey key)
