namespace AirPlan.Core.Domain;

/// <summary>A rule of the domain was broken; the message is shown to the user as is (Chinese).</summary>
public class DomainException(string message) : Exception(message);
