DROP TABLE keyframes;
