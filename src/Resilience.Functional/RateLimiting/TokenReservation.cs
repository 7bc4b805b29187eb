namespace Resilience.Functional;

/// <summary>
/// A token a waiting caller reserved ahead: the bucket's state before and after the reservation, so that the token
/// can be given back exactly when nobody has reserved after it.
/// </summary>
internal readonly record struct TokenReservation(long Before, long After);
