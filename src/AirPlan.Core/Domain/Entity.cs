namespace AirPlan.Core.Domain;

/// <summary>Rows whose created/updated stamps are set by the data layer's interceptor, never by hand.</summary>
public interface IHasTimestamps
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}
