namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// The transient/permanent classifier (ErrorClassifier) as curried functions.
[<RequireQualifiedAccess>]
module Classifier =
    /// The default: exceptional I/O-like faults, timeouts and HTTP 408/429/5xx are transient.
    let defaults: ErrorClassifier = ErrorClassifier.Default

    /// A classifier from a predicate (true = transient).
    let create (isTransient: ResilienceError -> bool) : ErrorClassifier = ErrorClassifier.Create(Func<_, _> isTransient)

    /// Also transient when the predicate holds.
    let orWhen (isTransient: ResilienceError -> bool) (classifier: ErrorClassifier) : ErrorClassifier =
        classifier.OrWhen(Func<_, _> isTransient)

    /// Permanent when the predicate holds, whatever the classifier says.
    let except (isPermanent: ResilienceError -> bool) (classifier: ErrorClassifier) : ErrorClassifier =
        classifier.Except(Func<_, _> isPermanent)

    /// True when the classifier deems the error transient.
    let isTransient (classifier: ErrorClassifier) (error: ResilienceError) : bool = classifier.IsTransient error

    /// True for HTTP 408, 429 and 5xx.
    let isTransientHttpStatus (statusCode: int) : bool = ErrorClassifier.IsTransientHttpStatus statusCode

    /// True for exceptions the default classifier deems transient.
    let isTransientException (ex: exn) : bool = ErrorClassifier.IsTransientException ex
