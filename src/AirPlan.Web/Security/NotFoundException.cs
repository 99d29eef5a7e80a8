namespace AirPlan.Web.Security;

/// <summary>
/// There is nothing here for this actor: the object does not exist, or it exists but the actor may not see it. Both answer the same
/// (HTTP 404, the same words), so a request cannot tell which ids exist in plans it may not read.
/// </summary>
public sealed class NotFoundException(string message) : Exception(message);
