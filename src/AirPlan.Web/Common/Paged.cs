namespace AirPlan.Web.Common;

/// <summary>One page of a longer list, with the total so pagers can say how many there are.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
