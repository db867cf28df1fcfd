DROP TABLE activity;
DROP TABLE commands;
DROP TABLE sessions;
