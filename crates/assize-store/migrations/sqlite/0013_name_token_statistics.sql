-- Name searches read from the covering index alone (issue 6; keep in step with the other
-- dialect's 0013, which also widens PostgreSQL's statistics of the tokens). The covering index of
-- 0009 serves every use of the one-column token index, which only cost a write per token and
-- led PostgreSQL's planner to read the table.
DROP INDEX case_name_tokens_token;
