mod seeds;
