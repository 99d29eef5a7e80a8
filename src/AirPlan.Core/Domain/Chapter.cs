namespace AirPlan.Core.Domain;

/// <summary>章: 一、二、… of a plan; context chapters hold no tasks.</summary>
public class Chapter
{
    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public string Number { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int Order { get; private set; }

    private Chapter() { }

    public Chapter(string number, string title, int order)
    {
        Number = number;
        Title = title;
        Order = order;
    }
}
