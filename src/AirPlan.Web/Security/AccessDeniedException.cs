namespace AirPlan.Web.Security;

/// <summary>The actor may not do this; the message (Chinese) says what was refused. Endpoints answer 403.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
