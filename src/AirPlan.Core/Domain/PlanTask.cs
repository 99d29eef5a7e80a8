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
    /// <summary>删除任务: a revised plan (修订版) no longer has it; its assignments are closed and it leaves the plan's task table.</summary>
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public bool IsWithdrawn => WithdrawnAt is not null;
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

    /// <summary>
    /// What setting the task's units to these would do to its assignments, without doing it: one row per unit (牵头 wins
    /// over 配合 when a unit is named in both), an existing row changes role rather than getting a twin, units no longer
    /// named are closed (已撤销), never deleted, and a closed row of a unit named again is reopened.
    /// </summary>
    public IReadOnlyList<ResponsibilityChange> PlanResponsibilities(IEnumerable<Unit> leads, IEnumerable<Unit> supporting,
        IEnumerable<Unit> townships)
    {
        if (ParentId is not null || Parent is not null)
            throw new DomainException("分项不单独分配责任单位，请在所属任务上分配");
        var wanted = new List<(Unit Unit, AssignmentRole Role)>();
        foreach (var (units, role) in new[] { (leads, AssignmentRole.Lead), (supporting, AssignmentRole.Supporting), (townships, AssignmentRole.Implementing) })
            foreach (var unit in units)
                if (!wanted.Any(w => SameUnit(w.Unit, unit))) wanted.Add((unit, role));

        var changes = new List<ResponsibilityChange>();
        foreach (var (unit, role) in wanted)
        {
            var rows = Assignments.Where(a => Holds(a, unit)).ToList();
            var open = rows.Where(a => !a.IsClosed).OrderBy(a => Assignment.RoleRank(a.Role)).ToList();
            var keep = rows.FirstOrDefault(a => a.Role == role);
            if (keep is not null)
            {
                if (keep.IsClosed) changes.Add(new(ResponsibilityChangeKind.Reopened, unit, null, role, keep));
            }
            else if (open.Count > 0)
            {
                keep = open[0];
                changes.Add(new(ResponsibilityChangeKind.RoleChanged, unit, keep.Role, role, keep));
            }
            else changes.Add(new(ResponsibilityChangeKind.Added, unit, null, role, null));
            changes.AddRange(open.Where(a => a != keep).Select(a => new ResponsibilityChange(ResponsibilityChangeKind.Closed, unit, a.Role, null, a)));
        }
        changes.AddRange(Assignments.Where(a => !a.IsClosed && !wanted.Any(w => Holds(a, w.Unit)))
            .Select(a => new ResponsibilityChange(ResponsibilityChangeKind.Closed, a.Unit!, a.Role, null, a)));
        return changes;
    }

    /// <summary>
    /// 单位合并: <paramref name="absorbed"/> is <paramref name="kept"/> now, so the lists name the kept unit, once (牵头 wins over
    /// 配合, as the merged assignments do; ADR 012). False when the task did not name it.
    /// </summary>
    public bool RenameMergedUnit(string absorbed, string kept)
    {
        if (!LeadUnitNames.Contains(absorbed) && !SupportingUnitNames.Contains(absorbed)) return false;
        LeadUnitNames = LeadUnitNames.Select(n => n == absorbed ? kept : n).Distinct().ToList();
        SupportingUnitNames = SupportingUnitNames.Select(n => n == absorbed ? kept : n).Where(n => !LeadUnitNames.Contains(n)).Distinct().ToList();
        return true;
    }

    /// <summary>
    /// A coordinator's correction of who carries the task out (the import read the document wrongly, or 相关镇（街道） must be
    /// named): applies <see cref="PlanResponsibilities"/> and records the new lists shown on the task page.
    /// </summary>
    public IReadOnlyList<ResponsibilityChange> ChangeResponsibilities(IReadOnlyList<Unit> leads, IReadOnlyList<Unit> supporting,
        TownshipScopeKind scope, IReadOnlyList<Unit> townships, string reason, DateTimeOffset now)
    {
        if (leads.Count + supporting.Count + townships.Count == 0) throw new DomainException("请至少指定一个牵头单位、责任单位或落实乡镇");
        if (scope == TownshipScopeKind.None && townships.Count > 0) throw new DomainException("落实乡镇为“无”时不能选择乡镇（街道）");
        if (scope == TownshipScopeKind.Named && townships.Count == 0) throw new DomainException("请选择落实的乡镇（街道）");
        var changes = PlanResponsibilities(leads, supporting, townships);
        Apply(changes, reason, now);
        LeadUnitNames = leads.Select(u => u.Name).Distinct().ToList();
        SupportingUnitNames = supporting.Select(u => u.Name).Where(n => !LeadUnitNames.Contains(n)).Distinct().ToList();
        TownshipScope = scope;
        NamedTownships = scope == TownshipScopeKind.Named ? townships.Select(u => u.Name).Distinct().ToList() : [];
        UpdatedAt = UpdatedAt.AddTicks(1);
        return changes;
    }

    /// <summary>
    /// 删除任务 (a revised plan no longer has it): every open assignment is closed as 已撤销 the way a correction closes a unit
    /// taken off (<see cref="PlanResponsibilities"/> with nobody named), so reports and evidence stay readable and nothing counts.
    /// </summary>
    public IReadOnlyList<ResponsibilityChange> Withdraw(string reason, DateTimeOffset now)
    {
        if (ParentId is not null || Parent is not null) throw new DomainException("分项随所属任务撤销");
        var changes = PlanResponsibilities([], [], []);
        Apply(changes, reason, now);
        WithdrawnAt = now;
        UpdatedAt = UpdatedAt.AddTicks(1);
        return changes;
    }

    private void Apply(IEnumerable<ResponsibilityChange> changes, string reason, DateTimeOffset now)
    {
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ResponsibilityChangeKind.Added: Assign(change.Unit, change.To!.Value); break;
                case ResponsibilityChangeKind.Closed: change.Assignment!.Close(reason, now); break;
                case ResponsibilityChangeKind.RoleChanged: change.Assignment!.ChangeRole(change.To!.Value); break;
                case ResponsibilityChangeKind.Reopened: change.Assignment!.Reopen(); break;
            }
        }
    }

    /// <summary>
    /// Where a revised plan (修订版) puts the task: its number, chapter and section as the new document has them, a path unique
    /// in the plan and a new place in document order. Its work (assignments, reports) is untouched.
    /// </summary>
    public void Place(Chapter? chapter, string number, string path, int order, string section)
    {
        Chapter = chapter;
        if (chapter is null) ChapterId = null;
        Number = number;
        Path = path;
        Order = order;
        Section = section;
        UpdatedAt = UpdatedAt.AddTicks(1);
    }

    /// <summary>A revised plan moves a 完成时限 (2025年6月底前 → 2025年9月底前): the same milestone, so checkpoints reached stay.</summary>
    public void MoveMilestone(Milestone milestone, DateOnly dueOn, string text)
    {
        if (!Milestones.Contains(milestone)) throw new DomainException("该完成时限不属于本任务");
        if (Milestones.Any(m => m != milestone && m.DueOn == dueOn)) throw new DomainException("该日期已是本任务的完成时限");
        FieldLimits.Check(text, FieldLimits.MilestoneText, "完成时限的原文表述");
        milestone.Move(dueOn, text.Trim());
        UpdatedAt = UpdatedAt.AddTicks(1);
    }

    private static bool SameUnit(Unit a, Unit b) => ReferenceEquals(a, b) || (a.Id != 0 && a.Id == b.Id);

    private static bool Holds(Assignment assignment, Unit unit) =>
        ReferenceEquals(assignment.Unit, unit) || (unit.Id != 0 && assignment.UnitId == unit.Id);

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
