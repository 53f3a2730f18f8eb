-- A reviewer's read rule for PostGraphile, as row security under a role of its own (PostGraphile
-- runs each request as the role its pgSettings name). Devolve and the raw floor connect as the
-- superuser, which row security does not apply to. Roles are cluster-wide, so it may exist already.
do $$
begin
  if not exists (select from pg_roles where rolname = 'devolve_peer_reviewer') then
    create role devolve_peer_reviewer nologin;
  end if;
end
$$;
grant devolve_peer_reviewer to current_user;
grant usage on schema public to devolve_peer_reviewer;
grant select on all tables in schema public to devolve_peer_reviewer;
-- The team reads every submitted proposal (Devolve's visibleProposals for a reviewer) ...
alter table proposals enable row level security;
create policy team_reads_submitted on proposals for select to devolve_peer_reviewer using (stage <> 'draft');
-- ... and every thread of one (visibleThreads), which the open-thread count counts over.
alter table comment_threads enable row level security;
create policy team_reads_threads on comment_threads for select to devolve_peer_reviewer
  using (exists (select 1 from proposals where proposals.id = comment_threads.proposal_id and proposals.stage <> 'draft'));
