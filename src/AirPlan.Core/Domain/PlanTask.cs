using AirPlan.Core.Parsing;

namespace AirPlan.Core.Domain;

/// <summary>任务: a numbered work item of a plan, or a sub-item beneath one (ParentId set).</summary>
public class PlanTask : IHasTimestamps
{
    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public Plan? Plan { get; private set; }
    public int? ChapterId { get; private set; }
    public Chapter? Chapter { get; private set; }
    public int? ParentId { get; private set; }
    public PlanTask? Parent { get; private set; }
    public List<PlanTask> Subitems { get; private set; } = [];
    /// <summary>Number as written (1, （三十八）); restarts per chapter in some plans.</summary>
    public string Number { get; private set; } = "";
    /// <summary>Unique within the plan: chapter number, task number and sub-item number joined (三-（一）-2).</summary>
    public string Path { get; private set; } = "";
    /// <summary>Document order, unique within the plan.</summary>
    public int Order { get; private set; }
    public string Section { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public int SourceLine { get; private set; }
    /// <summary>Responsibility as the document states it, canonical names; assignments (relational) exist for top-level tasks.</summary>
    public List<string> LeadUnitNames { get; private set; } = [];
    public List<string> SupportingUnitNames { get; private set; } = [];
    public TownshipScopeKind TownshipScope { get; private set; }
    public List<string> NamedTownships { get; private set; } = [];
    /// <summary>每月 / 每季度 / 每年 as written.</summary>
    public string? Recurrence { get; private set; }
    /// <summary>持续推进/长期坚持: ongoing work without a dated end.</summary>
    public bool IsContinuous { get; private set; }
    public List<Milestone> Milestones { get; private set; } = [];
    public List<Assignment> Assignments { get; private set; } = [];
    /// <summary>Concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private PlanTask() { }

    public PlanTask(Plan plan, Chapter? chapter, PlanTask? parent, string number, string path, int order, string section,
        string title, string text, int sourceLine, IEnumerable<string> leadUnitNames, IEnumerable<string> supportingUnitNames,
        TownshipScopeKind townshipScope, IEnumerable<string> namedTownships, string? recurrence, bool isContinuous)
    {
        Plan = plan;
        Chapter = chapter;
        Parent = parent;
        Number = number;
        Path = path;
        Order = order;
        Section = section;
        Title = title;
        Text = text;
        SourceLine = sourceLine;
        LeadUnitNames = leadUnitNames.ToList();
        SupportingUnitNames = supportingUnitNames.ToList();
        TownshipScope = townshipScope;
        NamedTownships = namedTownships.ToList();
        Recurrence = recurrence;
        IsContinuous = isContinuous;
    }

    /// <summary>A coordinator's correction of what the document says (the source text itself stays on the plan).</summary>
    public void Edit(string title, string text, bool isContinuous)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("任务名称不能为空");
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("任务内容不能为空");
        FieldLimits.Check(title, FieldLimits.TaskTitle, "任务名称");
        Title = title.Trim();
        Text = text.Trim();
        IsContinuous = isContinuous;
    }

    public void RemoveMilestone(Milestone milestone)
    {
        if (!Milestones.Remove(milestone)) throw new DomainException("该完成时限不属于本任务");
        // A stamp change makes the task row itself part of the save, so a concurrent edit of the task is detected.
        UpdatedAt = UpdatedAt.AddTicks(1);
    }

    public Milestone AddMilestone(DateOnly dueOn, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) text = $"{dueOn.Year}年{dueOn.Month}月{dueOn.Day}日前";
        FieldLimits.Check(text, FieldLimits.MilestoneText, "完成时限的原文表述");
        if (Milestones.Any(m => m.DueOn == dueOn)) throw new DomainException("该日期已是本任务的完成时限");
        UpdatedAt = UpdatedAt.AddTicks(1);
        var milestone = new Milestone(this, dueOn, text.Trim(), Milestones.Select(m => m.Order).DefaultIfEmpty().Max() + 1);
        Milestones.Add(milestone);
        return milestone;
    }

    public Assignment Assign(Unit unit, AssignmentRole role)
    {
        if (ParentId is not null || Parent is not null)
            throw new DomainException("分项不单独分配责任单位，请在所属任务上分配");
        var existing = Assignments.FirstOrDefault(a => ReferenceEquals(a.Unit, unit) && a.Role == role);
        if (existing is not null) return existing;
        var assignment = new Assignment(this, unit, role);
        Assignments.Add(assignment);
        return assignment;
    }
}
