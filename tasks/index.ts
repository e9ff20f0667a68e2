import "./zk";
